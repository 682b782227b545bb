"""The pages and API lists the benchmark measures (bench/pages.py) and the CI guard checks
(tests/test_bench_guard.py): same query count at any number of rows."""
# (name, login, url, baseline, kind): kind "page" must stay within 3x its baseline, "api" within 2x.
PAGES = [
    ("home · staff", "staff", "/", "home_staff", "page"),
    ("home · vice_chair", "vice_chair", "/", "home_vice_chair", "page"),
    ("home · department", "department", "/", "home_department", "page"),
    ("home · leader_in_charge", "leader_in_charge", "/", "home_leader", "page"),
    ("home · principal_leader", "principal_leader", "/", "home_leader", "page"),
    ("home · supervisor", "supervisor", "/", "home_supervisor", "page"),
    ("topic list · staff", "staff", "/topics/", "topics", "page"),
    ("plan board · staff", "staff", "/topics/plan/", "plan_board", "page"),
    ("assignment list · department", "department", "/outcomes/assignments/", "assignments_department", "page"),
    ("assignment list · staff", "staff", "/outcomes/assignments/", "assignments_all", "page"),
    ("approval queue · leader_in_charge", "leader_in_charge", "/outcomes/approvals/", "approvals", "page"),
    ("statistics page · staff", "staff", "/stats/", "stats", "page"),
    ("notification list · staff", "staff", "/notifications/", "notifications", "page"),
    ("to-do centre · staff", "staff", "/todos/", "todos_staff", "page"),
    ("member home · member", "member", "/members/", "member_home", "page"),
    ("audit log · auditor", "auditor", "/audit/", "audit", "page"),
    ("proposal list · staff", "staff", "/proposals/", "proposals_staff", "page"),
    ("proposal list · member", "member", "/proposals/", "proposals_member", "page"),
    ("/api/stats/ · staff", "staff", "/api/stats/", "stats", "api"),
    ("/api/topics/ · staff", "staff", "/api/topics/", "topics", "api"),
    ("/api/assignments/ · staff", "staff", "/api/assignments/", "assignments_all", "api"),
    ("/api/assignments/ · department", "department", "/api/assignments/", "assignments_department", "api"),
    ("/api/notifications/ · staff", "staff", "/api/notifications/", "notifications", "api"),
    ("/api/proposals/ · staff", "staff", "/api/proposals/", "api_proposals_staff", "api"),
    ("/api/proposals/ · member", "member", "/api/proposals/", "api_proposals_member", "api"),
]
LIMIT = {"page": 3.0, "api": 2.0}
