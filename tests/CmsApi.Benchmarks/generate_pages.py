#!/usr/bin/env python3
"""Writes N legacy pages as NDJSON import lines (one JSON object per line), built from the sentences of the
reference page with a fixed seed: realistic Chinese text, several channels, publish times spread over years.
   generate_pages.py COUNT [FIRST_INDEX] > pages.ndjson"""
import json, random, sys
from pathlib import Path

count = int(sys.argv[1])
first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
page = Path(__file__).resolve().parents[2] / "src/CmsApi/Demo/legacy-article-page.txt"
lines = [l.strip() for l in page.read_text(encoding="utf-8").splitlines()[7:56] if l.strip()]
sentences = [s + "。" for l in lines for s in l.split("。") if len(s) > 8]
headings = ["一", "二", "三", "四", "五", "六"]
channels = ["news", "departments", "grassroots", "notices", "study"]
rng = random.Random(20221)
for i in range(first, first + count):
    rng.seed(20221 + i)
    title = rng.choice(sentences)[:rng.randint(8, 20)].rstrip("。,、")
    body = [rng.choice(sentences)]
    for h in headings[: rng.randint(2, 4)]:
        body.append(f"{h}、{rng.choice(sentences)[:16].rstrip('。,')}")
        for sub in ["一", "二", "三"][: rng.randint(1, 3)]:
            body.append(f"（{sub}）{rng.choice(sentences)[:10].rstrip('。,')}。" + "".join(rng.choice(sentences) for _ in range(3)))
    when = f"{rng.randint(2015, 2021)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    text = f"{title}（{i}）\n发布时间：{when}　来源：市直机关工委　浏览次数：{rng.randint(0, 5000)}\n" + "\n".join(body) + "\n（责编：测试）\n"
    print(json.dumps({"text": text, "channel": rng.choice(channels), "publish": True}, ensure_ascii=False))
