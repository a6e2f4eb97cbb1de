#!/usr/bin/env python3
"""Generate the text-normalisation tables used by the triage scanner (Sources/Engine).

What it makes (all UTF-8, `#` header lines, then `from<TAB>to` data lines):

  Sources/Engine/Resources/traditional_to_simplified.tsv
      One character -> one character, traditional (incl. Taiwan / Hong Kong variant
      forms) -> simplified. Built from OpenCC's dictionaries as shipped inside the PyPI
      package `opencc-python-reimplemented` (Apache-2.0): TSCharacters.txt, plus the
      reverse of TWVariants.txt and HKVariants.txt (variant form -> standard traditional
      -> TSCharacters), so 啟/為/衞/說 also reach 启/为/卫/说. Only lines whose both sides
      are exactly one Unicode scalar and differ; the first of several candidates is taken;
      sorted by code point.

  Sources/Engine/Resources/danger_word_typos.tsv
      `typo<TAB>canonical` for every danger word in scripts/text_tables/danger_words.txt:
      each single-character substitution by a common character (GB2312 level 1) that
      shares a toneless pinyin reading (pypinyin, MIT) or a southern fuzzy-pinyin reading
      (zh/z ch/c sh/s n/l f/h, an/ang en/eng in/ing). A variant is dropped when it is a
      word of jieba's dictionary (jieba, MIT) or of pypinyin's phrase dictionary, or a
      part of one (real words are not typos), when it is another danger word, when it
      would be claimed by two danger words, when it contains another danger word (it could
      only re-label a word already found: 可能出血 must not become 可大出血), when a
      substituted or replaced character is a negation cue, when it contains a character the
      traditional->simplified pass would already have changed, when ordinary text is likely
      to produce it across a word boundary (BOUNDARY_RISK: 想|什么 -> 想什 is not a typo of
      想死), and when it occurs in ordinary correctly written Mandarin (SENTENCES below, the
      knowledge base's texts, the Chinese string literals of Sources/**/*.swift).

  Sources/Engine/Resources/cantonese_to_mandarin.tsv is HAND-WRITTEN and is never
  written by this script; `--check` only validates it.

The scanner applies the tables in this order: traditional->simplified (per character),
then Cantonese->Mandarin, then typo->canonical, longest match first. In the Swift code
(Sources/Engine/Triage/Text/TriageText.swift) the last two share ONE trie and one
left-to-right pass, so the two tables must not share a 'from' (checked here), and a
Cantonese replacement is not scanned again for typos.

Requirements and re-running (from the repository root):

    pip install opencc-python-reimplemented pypinyin jieba
    python3 scripts/text_tables/generate.py            # writes both generated TSVs, then checks
    python3 scripts/text_tables/generate.py --check    # only validates the three TSVs
    # optional: count hits in a large ordinary Mandarin text (apt-get install debian-reference-zh-cn)
    python3 scripts/text_tables/generate.py --check --corpus /usr/share/debian-reference/*.zh-cn.html

It takes about half a minute (jieba's 350,000-word dictionary is scanned for substrings).

Generated with opencc-python-reimplemented 0.1.7, pypinyin 0.55.0, jieba 0.42.1 (the
versions actually used are written into each file's header).
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata as md
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
RES = os.path.join(ROOT, "Sources", "Engine", "Resources")
T2S_PATH = os.path.join(RES, "traditional_to_simplified.tsv")
TYPO_PATH = os.path.join(RES, "danger_word_typos.tsv")
CANTONESE_PATH = os.path.join(RES, "cantonese_to_mandarin.tsv")
DANGER_WORDS_PATH = os.path.join(HERE, "danger_words.txt")
COMMAND = "python3 scripts/text_tables/generate.py"

# Above this many typo lines, fuzzy-pinyin variants of 3+ character words are dropped.
MAX_TYPOS = 15000

# A variant is dropped when ordinary text is estimated to produce it across a word boundary
# at least this often: max over split points of P(left part ends a word) x P(right part
# starts a word), from jieba's word frequencies (e.g. 想是 2e-5 from 我想|是, 想什 2e-6 from
# 想|什么, 现红 1e-6 from 出现|红肿, 太动 5e-7 from 不太|动). 1e-6 keeps the common
# input-method typos (台动, 血快, 胎新) and drops the collisions measured in ordinary text;
# the few left below it (不太|动) are listed in SENTENCES so they are dropped too.
# The knowledge base's own words (segmented by jieba) are mixed in as DOMAIN_SHARE of the
# frequency mass, so maternal-health words count (体检|红细胞 -> 检红 is not a typo of 见红).
BOUNDARY_RISK = 1e-6
DOMAIN_SHARE = 0.10

# Ordinary, correctly written Mandarin that no typo may occur in: the knowledge base's
# texts and the Chinese string literals of the Swift sources (besides SENTENCES below).
KNOWLEDGE_BASE = os.path.join(RES, "knowledge_base.json")
SWIFT_SOURCES = os.path.join(ROOT, "Sources")

# A typo must neither put in nor take out a negation: 不/没/无/未/别 from the brief, plus
# the scanner's other negation cues (TriageScanner.negationCues) and their traditional forms.
NEGATIONS = set("不没无未别非否勿莫防免止沒無別")

# Southern fuzzy-pinyin confusions.
INITIAL_SWAPS = {"zh": "z", "z": "zh", "ch": "c", "c": "ch", "sh": "s", "s": "sh",
                 "n": "l", "l": "n", "f": "h", "h": "f"}
FINAL_SWAPS = [("ang", "an"), ("an", "ang"), ("eng", "en"), ("en", "eng"),
               ("ing", "in"), ("in", "ing")]
INITIALS = ["zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
            "j", "q", "x", "r", "z", "c", "s", "y", "w"]

# Ordinary Mandarin sentences about pregnancy that must come through the Cantonese and
# typo passes unchanged (the tables must not invent a danger word or change meaning).
SENTENCES = [
    "怀孕食唔食得鱼生？我好想食寿司",
    "宝宝今天不太动，是不是睡着了",
    "皮肤上出现红疹，还出现红肿",
    "生完孩子头发少了很多",
    "我想什么时候去产检",
    "怀孕以后头发少了很多，洗头的时候掉得特别厉害，这正常吗？",
    "孕晚期头发少，是不是缺营养？",
    "孕妇可以吃螃蟹吗？听说螃蟹性寒。",
    "晚上睡觉总是翻来覆去睡不着，左侧卧还是右侧卧好？",
    "我想问一下孕期能不能喝咖啡，每天一杯可以吗？",
    "怀孕三个月了，最近胃口不好，吃什么比较有营养？",
    "产后多久可以洗澡洗头？老人说要等满月。",
    "宝宝出生以后多久开始喂奶比较好？",
    "孕期体重增加多少算正常？我现在长了十二斤。",
    "医生让我多吃含铁的食物，菠菜和红肉哪个更好？",
    "怀孕了还能坐飞机吗？下个月要去外地出差。",
    "孕检的时候医生说宝宝发育得很好，我就放心了。",
    "每天散步半小时对顺产有帮助吗？",
    "妈妈说坐月子不能吹空调，夏天太热怎么办？",
    "孕早期吃叶酸要吃到什么时候？",
    "老公抽烟对胎儿有没有影响？我让他去阳台抽。",
    "我家猫一直养着，怀孕了需要送走吗？",
    "晚上起夜次数多，是不是正常现象？",
    "预产期是下个月十号，需要提前准备哪些东西？",
    "母乳喂养的时候可以吃辣的吗？",
    "最近腰有点酸，是不是因为肚子大了？",
    "孕期可以染头发或者烫头发吗？",
    "糖耐检查之前需要空腹多长时间？",
    "宝宝的小床放在大人床边好还是单独一个房间好？",
    "怀孕以后皮肤变差了，长了很多痘痘。",
    "听说多晒太阳可以补钙，每天晒多久合适？",
    "孕中期可以游泳吗？水温要注意什么？",
    "婆婆每天炖鸡汤给我喝，会不会长太胖？",
    "产假一共有多少天，单位会扣工资吗？",
    "孕妇能不能用手机和电脑，辐射大不大？",
    "这周末我们去医院建档，需要带身份证和户口本。",
    "心情不太好，总是担心宝宝，怎么调节情绪？",
    "我有点抑郁，但不想吃药，可以做心理咨询吗？",
    "怀孕后经常流鼻血是怎么回事？",
    "孕期牙龈出血正常吗？刷牙的时候有点出血。",
    "如果在饮水机接热水要小心烫伤。",
    "我们去宜家买了婴儿床和尿布台。",
    "这个问题还要看医生怎么说，我也说不清楚。",
    "天气变冷了，出门记得多穿一件外套。",
    "按时产检，听医生的安排就好。",
]

# Cantonese chat sentences: what the pipeline should make of them (for the report).
CANTONESE_SAMPLES = [
    "bb今日好似冇郁咁，琴日都郁得少",
    "我啱啱穿咗羊水，而家点算？",
    "佢头痛到爆，睇嘢矇，仲晕低咗",
    "唞唔到气，心口好翳",
    "出血好多，成块卫生巾湿晒",
    "我唔想活，想𠝹手",
    "屙呕咗成晚，冇食嘢",
    "肚痛到顶唔顺，系咪作动？",
    "佢哋话嗰啲系正常嘅",
    "周身痕，痕到瞓唔着",
    "我成日打冷震，有冇问题？",
    "手指肿到除唔到戒指",
]


# --------------------------------------------------------------------------- helpers

def version(pkg: str) -> str:
    return md.version(pkg)


def package_dir(module_name: str) -> str:
    mod = __import__(module_name)
    return os.path.dirname(os.path.abspath(mod.__file__))


def header(lines: list[str]) -> str:
    return "".join("# " + line + "\n" if line else "#\n" for line in lines)


def write_tsv(path: str, head: list[str], rows: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header(head))
        for a, b in rows:
            f.write(f"{a}\t{b}\n")


def read_tsv(path: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Returns (header lines, rows, problems)."""
    head, rows, problems = [], [], []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#"):
                head.append(line)
                continue
            if not line:
                problems.append(f"{os.path.basename(path)}:{n}: empty line")
                continue
            if line.count("\t") != 1:
                problems.append(f"{os.path.basename(path)}:{n}: not exactly one tab: {line!r}")
                continue
            a, b = line.split("\t")
            if not a or not b or a != a.strip() or b != b.strip():
                problems.append(f"{os.path.basename(path)}:{n}: empty or padded side: {line!r}")
                continue
            rows.append((a, b))
    return head, rows, problems


def load_opencc(name: str) -> dict[str, list[str]]:
    path = os.path.join(package_dir("opencc"), "dictionary", name)
    table: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            key, values = line.split("\t")
            table[key] = values.split(" ")
    return table


def is_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def gb2312_level1() -> list[str]:
    """The 3,755 common characters: GB2312 rows 16-55 (first byte 0xB0-0xD7)."""
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # the five unused cells at the end of row 55
    return chars


# --------------------------------------------------------------------------- traditional -> simplified

def build_t2s() -> tuple[dict[str, str], list[str]]:
    ts = load_opencc("TSCharacters.txt")
    table: dict[str, str] = {}
    notes: list[str] = []
    for src, candidates in ts.items():
        dst = candidates[0]
        if len(src) == 1 and len(dst) == 1 and src != dst:
            table[src] = dst

    # Variant forms: TWVariants / HKVariants map standard traditional -> regional form;
    # reversed, the regional form goes to the standard form, then through TSCharacters.
    skipped_simplified = []
    for name in ("TWVariants.txt", "HKVariants.txt"):
        for standard, variants in load_opencc(name).items():
            target = ts.get(standard, [standard])[0]
            for variant in variants:
                if len(variant) != 1 or len(target) != 1 or variant == target:
                    continue
                if variant in table:
                    if table[variant] != target:
                        notes.append(f"{name}: {variant}->{target} conflicts with TSCharacters "
                                     f"{variant}->{table[variant]}; kept TSCharacters")
                    continue
                # A regional form that is itself an ordinary simplified character (GB2312)
                # must not be rewritten: 么 (TW for 幺) would turn 什么 into 什幺, 著 into 着,
                # 抬 into 擡.
                if is_gb2312(variant):
                    skipped_simplified.append(f"{variant}->{target}")
                    continue
                table[variant] = target
    if skipped_simplified:
        notes.append("variant reverses skipped because the 'from' is an ordinary simplified "
                     "(GB2312) character: " + " ".join(sorted(set(skipped_simplified))))

    # Resolve chains so one pass is enough (to must never be a from).
    for src in list(table):
        seen = {src}
        dst = table[src]
        while dst in table and dst not in seen:
            seen.add(dst)
            dst = table[dst]
        if dst != table[src]:
            notes.append(f"chain {src}->{table[src]} resolved to {dst}")
            table[src] = dst
    table = {k: v for k, v in table.items() if k != v}
    return table, notes


# --------------------------------------------------------------------------- typos

def split_pinyin(reading: str) -> tuple[str, str] | None:
    if reading in ("n", "ng", "m", "hm", "hng", "r"):
        return None  # interjections without an initial+final structure
    for ini in INITIALS:
        if reading.startswith(ini) and len(reading) > len(ini):
            return ini, reading[len(ini):]
    return "", reading


def fuzzy_readings(reading: str) -> set[str]:
    parts = split_pinyin(reading)
    if parts is None:
        return set()
    ini, fin = parts
    inis = {ini}
    if ini in INITIAL_SWAPS:
        inis.add(INITIAL_SWAPS[ini])
    fins = {fin}
    for a, b in FINAL_SWAPS:
        if fin.endswith(a):
            fins.add(fin[: -len(a)] + b)
            break
    return {i + f for i in inis for f in fins} - {reading}


def load_danger_words() -> list[str]:
    words = []
    with open(DANGER_WORDS_PATH, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if line and line not in words:
                words.append(line)
    return words


def jieba_frequencies() -> dict[str, int]:
    freq: dict[str, int] = {}
    with open(os.path.join(package_dir("jieba"), "dict.txt"), encoding="utf-8") as f:
        for raw in f:
            parts = raw.split(" ")
            if parts[0].strip():
                freq[parts[0].strip()] = int(parts[1]) if len(parts) > 1 else 1
    return freq


def load_dictionary_words() -> tuple[set[str], set[str]]:
    """jieba's dictionary and pypinyin's phrase dictionary."""
    jieba_words = set(jieba_frequencies())
    from pypinyin import phrases_dict
    pinyin_words = set(phrases_dict.phrases_dict.keys())
    return jieba_words, pinyin_words


def domain_frequencies() -> dict[str, float]:
    """jieba's word frequencies plus the knowledge base's words, weighted to DOMAIN_SHARE."""
    import re
    import jieba
    jieba.setLogLevel(60)
    freq: dict[str, float] = dict(jieba_frequencies())
    total = sum(freq.values())
    counts: collections.Counter = collections.Counter()
    for where, text in ordinary_texts():
        if where == "knowledge_base.json":
            counts.update(t for t in jieba.lcut(text) if re.search("[\u3400-\u9fff]", t))
    if counts:
        scale = DOMAIN_SHARE * total / sum(counts.values())
        for word, n in counts.items():
            freq[word] = freq.get(word, 0) + n * scale
    return freq


class BoundaryRisk:
    """How often ordinary text is expected to produce a string across word boundaries."""

    def __init__(self, freq: dict[str, float], max_len: int = 4):
        self.freq = freq
        self.total = float(sum(freq.values()))
        self.ends: collections.defaultdict = collections.defaultdict(float)
        self.starts: collections.defaultdict = collections.defaultdict(float)
        for w, f in freq.items():
            for k in range(1, min(max_len, len(w)) + 1):
                self.ends[w[-k:]] += f
                self.starts[w[:k]] += f

    def __call__(self, v: str) -> float:
        t = self.total
        best = 0.0
        for i in range(1, len(v)):  # left|right
            best = max(best, self.ends.get(v[:i], 0.0) / t * self.starts.get(v[i:], 0.0) / t)
        for i in range(1, len(v) - 1):  # left|middle word|right
            for j in range(i + 1, len(v)):
                best = max(best, self.ends.get(v[:i], 0.0) / t * self.freq.get(v[i:j], 0) / t
                           * self.starts.get(v[j:], 0.0) / t)
        return best


def ordinary_texts() -> list[tuple[str, str]]:
    """(where, text) of correctly written Mandarin the typo table must leave alone."""
    import glob
    import json
    import re
    out = [("SENTENCES", s) for s in SENTENCES]
    if os.path.exists(KNOWLEDGE_BASE):
        def walk(node):
            if isinstance(node, str):
                if re.search("[\u3400-\u9fff]", node):
                    out.append(("knowledge_base.json", node))
            elif isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        with open(KNOWLEDGE_BASE, encoding="utf-8") as f:
            walk(json.load(f))
    literal = re.compile(r'"((?:[^"\\\n]|\\.)*[\u3400-\u9fff](?:[^"\\\n]|\\.)*)"')
    for path in sorted(glob.glob(os.path.join(SWIFT_SOURCES, "**", "*.swift"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            for text in literal.findall(f.read()):
                out.append((os.path.relpath(path, ROOT), text))
    return out


def substrings(words: set[str], lengths: set[int]) -> set[str]:
    out = set()
    for w in words:
        n = len(w)
        for k in lengths:
            if k > n:
                continue
            for i in range(n - k + 1):
                out.add(w[i:i + k])
    return out


def apply_table(text: str, table: dict[str, str], max_len: int) -> str:
    """Longest match first, left to right, as the scanner does."""
    out = []
    i = 0
    while i < len(text):
        for k in range(min(max_len, len(text) - i), 0, -1):
            rep = table.get(text[i:i + k])
            if rep is not None:
                out.append(rep)
                i += k
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def build_typos(t2s: dict[str, str]) -> tuple[list[tuple[str, str]], dict, list[str]]:
    from pypinyin import Style, pinyin

    words = load_danger_words()
    canon = set(words)
    common = gb2312_level1()
    by_reading: dict[str, set[str]] = collections.defaultdict(set)
    readings_of: dict[str, list[str]] = {}

    def readings(ch: str) -> list[str]:
        if ch not in readings_of:
            readings_of[ch] = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
        return readings_of[ch]

    for ch in common:
        for r in readings(ch):
            by_reading[r].add(ch)

    jieba_words, pinyin_words = load_dictionary_words()
    risk = BoundaryRisk(domain_frequencies())
    lengths = {len(w) for w in words}
    jieba_subs = substrings(jieba_words, lengths)
    pinyin_subs = substrings(pinyin_words, lengths)

    drops = collections.Counter()
    # variant -> {canonical: fuzzy?}
    found: dict[str, dict[str, bool]] = collections.defaultdict(dict)
    for word in words:
        for pos, ch in enumerate(word):
            if ch in NEGATIONS:
                drops["position holds a negation"] += 1
                continue
            exact, fuzzy = set(), set()
            for r in readings(ch):
                exact |= by_reading.get(r, set())
                for fr in fuzzy_readings(r):
                    fuzzy |= by_reading.get(fr, set())
            fuzzy -= exact
            for cand, is_fuzzy in [(c, False) for c in sorted(exact)] + [(c, True) for c in sorted(fuzzy)]:
                if cand == ch:
                    continue
                variant = word[:pos] + cand + word[pos + 1:]
                if cand in NEGATIONS:
                    drops["puts in a negation"] += 1
                elif variant in canon:
                    drops["is another danger word"] += 1
                elif any(w in variant for w in canon):
                    drops["contains another danger word"] += 1
                elif cand in t2s:
                    drops["contains a character the t2s pass changes"] += 1
                elif variant in jieba_words or variant in jieba_subs:
                    drops["jieba word or part of one"] += 1
                elif variant in pinyin_words or variant in pinyin_subs:
                    drops["pypinyin phrase or part of one"] += 1
                elif risk(variant) >= BOUNDARY_RISK:
                    drops[f"word-boundary risk >= {BOUNDARY_RISK:g}"] += 1
                else:
                    prev = found[variant].get(word)
                    found[variant][word] = is_fuzzy if prev is None else (prev and is_fuzzy)

    notes = []
    rows: dict[str, tuple[str, bool]] = {}
    for variant, owners in found.items():
        if len(owners) > 1:
            drops["claimed by two danger words"] += 1
            notes.append(f"ambiguous variant dropped: {variant} <- {'/'.join(sorted(owners))}")
            continue
        (word, is_fuzzy), = owners.items()
        rows[variant] = (word, is_fuzzy)

    if len(rows) > MAX_TYPOS:
        before = len(rows)
        rows = {v: (w, f) for v, (w, f) in rows.items() if not (f and len(w) >= 3)}
        notes.append(f"total {before} > {MAX_TYPOS}: dropped fuzzy variants of 3+ character "
                     f"words, {before - len(rows)} lines")
        drops["fuzzy variant of a 3+ character word (size cap)"] += before - len(rows)

    # Correctly written Mandarin must pass through unchanged: drop any variant it contains.
    cantonese = load_cantonese()
    for where, text in ordinary_texts():
        text = "".join(t2s.get(c, c) for c in text)
        for v in [v for v in rows if v in text]:
            notes.append(f"removed {v}->{rows[v][0]}: occurs in ordinary text ({where}: "
                         f"...{text[max(0, text.index(v) - 8):text.index(v) + len(v) + 8]}...)")
            drops["occurs in ordinary text"] += 1
            del rows[v]
    for v in [v for v in rows if v in cantonese]:
        notes.append(f"removed {v}->{rows[v][0]}: also a Cantonese 'from'")
        drops["also a Cantonese 'from'"] += 1
        del rows[v]

    order = {w: i for i, w in enumerate(words)}
    out = sorted(((v, w) for v, (w, _) in rows.items()), key=lambda r: (order[r[1]], r[0]))
    per_word = collections.Counter(w for _, w in out)
    fuzzy_count = sum(1 for _, f in rows.values() if f)
    stats = {"per_word": [(w, per_word.get(w, 0)) for w in words], "drops": drops,
             "fuzzy": fuzzy_count, "total": len(out)}
    return out, stats, notes


def load_cantonese() -> dict[str, str]:
    if not os.path.exists(CANTONESE_PATH):
        return {}
    _, rows, _ = read_tsv(CANTONESE_PATH)
    return dict(rows)


# --------------------------------------------------------------------------- check

def read_corpus(path: str) -> str:
    """Plain text of a file for --corpus (.gz unpacked, HTML tags stripped)."""
    import gzip
    import html
    import re
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        text = f.read().decode("utf-8", "ignore")
    if path.endswith((".html", ".htm", ".html.gz")):
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


def check(sample: int = 20, corpus: list[str] | None = None) -> int:
    status = 0
    tables = {}
    for path in (T2S_PATH, TYPO_PATH, CANTONESE_PATH):
        if not os.path.exists(path):
            print(f"MISSING {path}")
            status = 1
            continue
        head, rows, problems = read_tsv(path)
        froms = [a for a, _ in rows]
        dups = [k for k, n in collections.Counter(froms).items() if n > 1]
        if dups:
            problems.append(f"duplicate from: {' '.join(dups[:20])}")
        same = [a for a, b in rows if a == b]
        if same:
            problems.append(f"from == to: {' '.join(same[:20])}")
        if not head:
            problems.append("no # header")
        print(f"{os.path.relpath(path, ROOT)}: {len(rows)} data lines, {len(head)} header lines")
        for p in problems:
            print("  PROBLEM", p)
            status = 1
        tables[path] = dict(rows)

    t2s = tables.get(T2S_PATH, {})
    typos = tables.get(TYPO_PATH, {})
    canto = tables.get(CANTONESE_PATH, {})
    for a, b in t2s.items():
        if len(a) != 1 or len(b) != 1:
            print("  PROBLEM t2s not one scalar:", a, b)
            status = 1
        if b in t2s:
            print("  PROBLEM t2s target is itself a from:", a, b)
            status = 1
    # Cantonese 'from' must be written in simplified form, or it can never match.
    for a in canto:
        if any(c in t2s for c in a):
            print("  PROBLEM cantonese from changes under t2s (write it simplified):", a)
            status = 1
    # A Cantonese from that is a whole jieba word is suspicious (may be Mandarin).
    jieba_words, _ = load_dictionary_words()
    print("cantonese 'from' entries that are also jieba words (reviewed by hand):",
          " ".join(sorted(a for a in canto if a in jieba_words)) or "none")

    shared = sorted(set(typos) & set(canto))
    if shared:
        print("  PROBLEM 'from' in both the Cantonese and the typo table:", " ".join(shared))
        status = 1
    merged = {**typos, **canto}
    m_len = max((len(k) for k in merged), default=1)

    def pipeline(s: str) -> str:
        # As TriageText.normalize: fold to simplified, then ONE longest-match pass over both tables.
        s = "".join(t2s.get(c, c) for c in s)
        return apply_table(s, merged, m_len)

    bad = 0
    for s in SENTENCES:
        out = pipeline(s)
        if out != s:
            bad += 1
            print(f"  PROBLEM ordinary sentence changed: {s} -> {out}")
            status = 1
    print(f"ordinary Mandarin sentences unchanged by the pipeline: {len(SENTENCES) - bad}/{len(SENTENCES)}")
    texts = ordinary_texts()
    typo_hits = [(v, w) for w, t in texts for v in typos if v in "".join(t2s.get(c, c) for c in t)]
    for v, w in typo_hits:
        print(f"  PROBLEM typo {v} occurs in ordinary text ({w})")
        status = 1
    kb = [t for w, t in texts if w == "knowledge_base.json"]
    canto_kb = sorted({k for t in kb for k in canto if k in "".join(t2s.get(c, c) for c in t)})
    for k in canto_kb:
        print(f"  PROBLEM Cantonese 'from' {k} occurs in the knowledge base's Mandarin text")
        status = 1
    print(f"ordinary texts checked: {len(texts)} (sentences, knowledge base, Swift literals); "
          f"typo hits {len(typo_hits)}, Cantonese hits in the knowledge base {len(canto_kb)}")
    if corpus:
        import re
        runs = []
        for path in corpus:
            runs += re.findall("[\u3400-\u9fff]+", read_corpus(path))
        text = "|".join("".join(t2s.get(c, c) for c in r) for r in runs)
        t_hits = collections.Counter({v: text.count(v) for v in typos if v in text})
        c_hits = collections.Counter({v: text.count(v) for v in canto if v in text})
        print(f"--corpus: {len(corpus)} files, {sum(map(len, runs))} Han characters; "
              f"typo hits {sum(t_hits.values())} {t_hits.most_common(20)}; "
              f"Cantonese hits {sum(c_hits.values())} {c_hits.most_common(20)} (information only)")
    print("Cantonese samples through the pipeline:")
    for s in CANTONESE_SAMPLES:
        print(f"  {s}  ->  {pipeline(s)}")
    if typos and sample:
        rng = random.Random(20240601)
        print(f"{sample} random typo lines:")
        for k in rng.sample(sorted(typos), min(sample, len(typos))):
            print(f"  {k}\t{typos[k]}")
    return status


# --------------------------------------------------------------------------- main

def main() -> int:
    global BOUNDARY_RISK
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only validate the three TSVs")
    ap.add_argument("--corpus", nargs="+", metavar="FILE",
                    help="also count typo / Cantonese keys in these Mandarin text files "
                         "(.txt, .html, .gz), e.g. the Debian package debian-reference-zh-cn's "
                         "/usr/share/debian-reference/*.zh-cn.html; information only")
    ap.add_argument("--boundary-risk", type=float, default=BOUNDARY_RISK,
                    help=f"drop typo variants whose word-boundary risk is at least this "
                         f"(default {BOUNDARY_RISK:g}; higher keeps more typos and more false alarms)")
    args = ap.parse_args()
    BOUNDARY_RISK = args.boundary_risk
    if args.check:
        return check(corpus=args.corpus)

    v_opencc = version("opencc-python-reimplemented")
    v_pinyin = version("pypinyin")
    v_jieba = version("jieba")

    t2s, t2s_notes = build_t2s()
    write_tsv(T2S_PATH, [
        "Traditional (and Taiwan / Hong Kong variant) Chinese character -> simplified character.",
        f"Source: OpenCC dictionaries TSCharacters.txt, TWVariants.txt, HKVariants.txt (reversed),",
        f"  as shipped in the PyPI package opencc-python-reimplemented {v_opencc}.",
        "Licence: OpenCC data is Apache License 2.0 (https://github.com/BYVoid/OpenCC).",
        f"Generated by: {COMMAND}  (do not edit by hand)",
        "Format: from<TAB>to, one Unicode scalar each side, sorted by code point of from.",
    ], sorted(t2s.items(), key=lambda kv: ord(kv[0])))
    print(f"traditional_to_simplified.tsv: {len(t2s)} lines")
    for n in t2s_notes:
        print("  note:", n)

    rows, stats, notes = build_typos(t2s)
    write_tsv(TYPO_PATH, [
        "Typo of a danger word -> the danger word (one character replaced by a homophone).",
        "Danger words: scripts/text_tables/danger_words.txt.",
        f"Sources: pypinyin {v_pinyin} (MIT) readings, heteronym=True, Style.NORMAL, over the",
        "  GB2312 level-1 characters, plus fuzzy pinyin zh/z ch/c sh/s n/l f/h an/ang en/eng in/ing;",
        f"  variants that are words (or parts of words) of jieba {v_jieba} (MIT) dict.txt or of",
        "  pypinyin's phrase dictionary, that contain another danger word, that put in or take out",
        f"  a negation, that ordinary text makes across word boundaries (risk >= {BOUNDARY_RISK:g} from",
        f"  jieba frequencies + knowledge-base words), or that occur in ordinary Mandarin (the",
        "  knowledge base, Swift string literals, the script's sentences) are left out.",
        f"Generated by: {COMMAND}  (do not edit by hand)",
        "Format: typo<TAB>canonical, grouped by danger word.",
    ], rows)
    print("typo variants per danger word:")
    print("  " + "  ".join(f"{w}:{n}" for w, n in stats["per_word"]))
    print(f"typo total: {stats['total']} lines ({stats['fuzzy']} from fuzzy pinyin only)")
    print("dropped candidates:", dict(stats["drops"]))
    for n in notes:
        print("  note:", n)
    print()
    return check(corpus=args.corpus)


if __name__ == "__main__":
    sys.exit(main())
