"""Nothing of accounts is edited in the admin: the policy has its page for the security administrator."""
