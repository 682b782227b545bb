"""Writes and workflow steps of outcome conversion, split along the domain."""
