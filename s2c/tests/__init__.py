"""Tests that span several services (the one API over all of them); a service's own tests
live in its folder."""
