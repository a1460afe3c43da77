"""Views of the shell: the home page, staff sign-in, the staff area and error pages.

Other apps protect their staff pages with ``s2c.core.views.decorators.staff_required``.
"""
