"""Hostile input, by threat: images, paths, text, the output folder, the dev server.

Every hostile input is generated in ``tmp_path`` (never a committed binary). Each case asserts the clear error
(file, field, what, why), that no traceback is printed, and the budget: a single content file under the size
cap is checked and built in under 2 s and 300 MiB (:mod:`hostile.budget`).
"""
