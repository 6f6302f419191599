"""Thin views of the registry: parse, call a selector or service, render."""
