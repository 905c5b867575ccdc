"""Merge: mentions → events (clustering), the claims ledger, and the place hierarchy both use."""
