"""The lexical encoder used when no sentence encoder is installed.

Words are lower-cased, stemmed by stripping common Russian and English endings, and Russian
stems of general technical and business vocabulary are mapped to an English stem by a small
glossary, so "производство" and "production" meet. Each stem and its character 4-grams are
hashed into a fixed-size vector (feature hashing with signs) and the vector is L2-normalised:
the result compares by cosine, like the sentence encoder's, and fits the same index.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

NAME = "lexical-v1"
DIM = 1024

_WORD = re.compile(r"\w+", re.UNICODE)
_RU_ENDINGS = sorted((
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ией", "ост", "ость",
    "ости", "ение", "ения", "ению", "ением", "ании", "ание", "ания", "ием", "ией", "ой", "ей",
    "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ом", "ем", "ам", "ям", "ах",
    "ях", "ую", "юю", "а", "я", "о", "е", "и", "ы", "у", "ю", "ь"), key=len, reverse=True)
_EN_ENDINGS = ("ations", "ation", "ings", "ing", "ies", "ers", "er", "ed", "es", "s", "al", "ly", "e")
_STOP = frozenset({
    "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "by", "from", "our", "we",
    "us", "or", "at", "as", "is", "are", "be", "и", "в", "во", "на", "с", "со", "по", "для", "из",
    "от", "к", "ко", "о", "об", "а", "или", "не", "без", "до", "при", "что", "как", "мы", "наш",
    "наши", "наших", "нам",
})

#: Russian stem → English stem, general vocabulary of production, research and trade.
GLOSSARY = {
    "производств": "product", "произв": "product", "поставк": "suppl", "постав": "suppl",
    "обучен": "train", "подготовк": "train", "разработк": "develop", "разраб": "develop",
    "испытан": "test", "тест": "test", "оборудован": "equipment", "станк": "machin",
    "машин": "machin", "сырь": "raw", "материал": "material", "качеств": "qualit",
    "контрол": "control", "исследован": "research", "услуг": "servic", "сервис": "servic",
    "ремонт": "repair", "обслуживан": "maintenanc", "монтаж": "install", "проектирован": "design",
    "инженер": "engineer", "технолог": "technolog", "лаборатор": "laborator",
    "анализ": "analys", "измерен": "measur", "сертификац": "certif", "регистрац": "registr",
    "лекарствен": "drug", "препарат": "drug", "субстанц": "substanc", "фармацевт": "pharma",
    "вакцин": "vaccin", "клиническ": "clinic", "медицинск": "medic", "изделий": "device",
    "издели": "product", "упаковк": "packag", "стерилизац": "steril", "стерильн": "steril",
    "энерги": "energ", "солнечн": "solar", "электр": "electr", "электрон": "electron",
    "программн": "softwar", "систем": "system", "данн": "data", "цифров": "digit",
    "автоматизац": "automat", "автоматическ": "automat", "логистик": "logist",
    "перевозк": "transport", "доставк": "deliver", "склад": "warehous", "хранен": "storag",
    "зерн": "grain", "семен": "seed", "удобрен": "fertil", "молок": "milk", "мяс": "meat",
    "металл": "metal", "стал": "steel", "полимер": "polymer", "пластик": "plastic",
    "керамик": "ceramic", "покрыт": "coat", "химическ": "chemic", "катализатор": "catalyst",
    "насос": "pump", "двигател": "engin", "датчик": "sensor", "беспилотн": "uav",
    "спутник": "satellit", "финансирован": "financ", "инвестиц": "invest", "кредит": "loan",
    "экспорт": "export", "импорт": "import", "таможен": "custom", "контракт": "contract",
    "партнер": "partner", "совместн": "joint", "проект": "project", "персонал": "staff",
    "кадр": "staff", "консалтинг": "consult", "аудит": "audit", "валидац": "validat",
    "сборк": "assembl", "литье": "cast", "литьё": "cast", "сварк": "weld", "обработк": "process",
}


def _stem(word: str) -> str:
    word = word.replace("ё", "е")
    endings = _RU_ENDINGS if re.search("[а-я]", word) else _EN_ENDINGS
    for ending in endings:
        if len(word) - len(ending) >= 3 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    for prefix in sorted((key for key in GLOSSARY if word.startswith(key)), key=len, reverse=True):
        return GLOSSARY[prefix]
    return word


def features(text: str) -> list[str]:
    """The stems of ``text`` and the character 4-grams of each stem."""
    found = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP or word.isdigit():
            continue
        stem = _stem(word)
        found.append(stem)
        padded = f"#{stem}#"
        found.extend(padded[i:i + 4] for i in range(max(1, len(padded) - 3)))
    return found


def encode(texts: list[str]) -> np.ndarray:
    rows = np.zeros((len(texts), DIM), np.float32)
    for row, text in enumerate(texts):
        for feature in features(text):
            digest = zlib.crc32(feature.encode())
            rows[row, digest % DIM] += 1.0 if digest & 0x80000000 else -1.0
    rows = np.sign(rows) * np.log1p(np.abs(rows))
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)
