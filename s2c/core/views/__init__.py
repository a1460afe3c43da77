"""Views of the shell: the home page, staff sign-in, the staff area and error pages.

Other apps wrap their pages with ``s2c.core.views.decorators.public_view`` and
``staff_required``.
"""
