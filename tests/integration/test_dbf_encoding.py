import pytest
from dbf_writer import write_dbf

from plugin.core.dbf_encoding import guess_bytes, guess_dbf_encoding

NAMES = ["清源区", "望江区生态保护红线优先保护单元", "青山县", "黄河干流岸线", "化工园区"]
TRADITIONAL = ["清源區", "望江區生態保護紅線優先保護單元", "青山縣", "黃河幹流岸線", "化工園區"]


@pytest.mark.parametrize(
    "texts, encoding, expected",
    [
        (NAMES, "gbk", "GB18030"),
        (NAMES, "gb18030", "GB18030"),
        (NAMES, "utf-8", "UTF-8"),
        (TRADITIONAL, "big5", "BIG5"),
        (["ABC", "123"], "ascii", "UTF-8"),
    ],
)
def test_guess_from_text_bytes(texts, encoding, expected):
    raw = "\n".join(texts).encode(encoding)
    assert guess_bytes(raw).encoding == expected


@pytest.mark.parametrize(
    "encoding, expected", [("gbk", "GB18030"), ("big5", "BIG5"), ("utf-8", "UTF-8")]
)
def test_guess_from_a_dbf_without_cpg(tmp_path, encoding, expected):
    texts = TRADITIONAL if encoding == "big5" else NAMES
    write_dbf(
        tmp_path / "t.dbf", [("NAME", 60), ("CODE", 6)], [[t, "990101"] for t in texts], encoding
    )
    guess = guess_dbf_encoding(tmp_path / "t.shp")
    assert guess.encoding == expected and not guess.declared


def test_declared_encodings_win(tmp_path):
    write_dbf(tmp_path / "t.dbf", [("NAME", 60)], [[t] for t in NAMES], "gbk")
    (tmp_path / "t.cpg").write_text("UTF-8")
    assert guess_dbf_encoding(tmp_path / "t.shp").declared
    assert guess_dbf_encoding(tmp_path / "missing.shp") is None
