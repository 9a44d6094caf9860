from listingpreview.locate import positions

DOC = '''\
# comment
[offer]
id = "x"   # trailing
"quoted key" = 1
dotted.key = 2

[listing]
description = """
name = "not a key"
"""
keywords = [
  "a",
  "b = c",
]
name = "after"

[[media.screenshots]]
file = "a.png"

[[media.screenshots]]
file = "b.png"
caption = 'it''s'

[listing.support_contact]
email = "x@y.z"
'''


def test_positions_of_values_tables_and_array_elements():
    pos = positions(DOC)
    assert pos[("offer",)] == (2, 1)
    assert pos[("offer", "id")] == (3, 6)
    assert pos[("offer", "quoted key")] == (4, 16)
    assert pos[("offer", "dotted", "key")] == (5, 14)
    assert pos[("listing", "description")] == (8, 15)
    assert pos[("listing", "name")] == (15, 8)          # after a multi-line string and array
    assert ("listing", "b ") not in pos and ("listing", "name ") not in pos
    assert pos[("media", "screenshots", 0, "file")] == (18, 8)
    assert pos[("media", "screenshots", 1, "file")] == (21, 8)
    assert pos[("media", "screenshots", 1, "caption")] == (22, 11)
    assert pos[("listing", "support_contact", "email")] == (25, 9)


def test_nested_array_of_tables_keeps_parent_index():
    doc = "[[a]]\nx = 1\n[[a.b]]\ny = 2\n[[a]]\nx = 3\n[[a.b]]\ny = 4\n"
    pos = positions(doc)
    assert pos[("a", 0, "b", 0, "y")] == (4, 5)
    assert pos[("a", 1, "b", 0, "y")] == (8, 5)
