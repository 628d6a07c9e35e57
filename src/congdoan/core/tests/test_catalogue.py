"""The Vietnamese catalogue is complete and the compiled file matches it."""

import gettext
import re
from pathlib import Path

import congdoan

LOCALE = Path(congdoan.__file__).parent / "locale" / "vi" / "LC_MESSAGES"


def _entries(text: str):
    """(msgid, msgstr, fuzzy) for each entry of a .po file (no library needed)."""

    def joined(block: str, key: str) -> str:
        match = re.search(rf'^{key} ((?:".*"\n?)+)', block, re.M)
        if not match:
            return ""
        parts = re.findall(r'"(.*)"', match.group(1))
        return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode()

    for block in text.split("\n\n")[1:]:
        msgid = joined(block, "msgid")
        if not msgid:
            continue
        msgstr = joined(block, "msgstr") or joined(block, r"msgstr\[0\]")
        yield msgid, msgstr, "fuzzy" in block.split("msgid")[0]


def test_every_message_has_a_vietnamese_translation():
    entries = list(_entries((LOCALE / "django.po").read_text(encoding="utf-8")))
    assert len(entries) > 300
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = list(_entries((LOCALE / "django.po").read_text(encoding="utf-8")))
    stale = [
        msgid
        for msgid, msgstr, _ in entries
        if "%(counter)s" not in msgid and compiled.gettext(msgid) != msgstr
    ]
    assert stale == [], "run `make messages` to recompile django.mo"


def test_env_example_documents_every_setting():
    root = Path(congdoan.__file__).parent.parent.parent
    example = root / ".env.example"
    if not example.exists():  # an installed package has no checkout around it
        return
    used = set(
        re.findall(
            r'env_\w+\("([A-Z_]+)"', (Path(congdoan.__file__).parent / "settings.py").read_text()
        )
    )
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", example.read_text(), re.M))
    assert used - documented == set()
