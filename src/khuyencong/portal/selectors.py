"""Reads of the portal: what the public may see, and the editors' queues."""
