"""Event typing: sentence or snippet -> PLOVER type and mode, ACLED sub-event, CAMEO root.

A small linear model (one linear SVM per label set, its scores turned into probabilities by a
softmax with a temperature fitted on held-in folds) over TF-IDF weighted hashed word n-grams
plus CAMEO verb-lexicon cues, stored as plain arrays in ``tocsin/data/models/`` (no pickles, no
training text: hashed features cannot be read back into sentences). Rebuilt exactly by
``python -m tocsin.coding.train``. CPU-only; a batch of sentences costs one sparse matrix
product per head.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from tocsin.coding.crosswalk import Crosswalk
from tocsin.config import Config
from tocsin.errors import TocsinError

NONE_LABEL = "NONE"  # ACLED head: "not an ACLED event"; mode head: "no mode"
MODEL_DIR = "models"
WEIGHTS_FILE = "event_typer.npz"
META_FILE = "event_typer.json"
LEXICON_FILE = "cameo_verbs.tsv"

# The PLOVER head is trained on whole stories, the CAMEO head on single sentences. The final
# PLOVER distribution mixes the PLOVER head with the types the CAMEO head's roots map to,
# leaning on whichever head was trained on texts like this one (measured on held-out
# stories with typer-2: 1.0 is best for stories (0.847 vs 0.842 at 0.9); 0.5 fixes short sentences).
PLOVER_WEIGHT_STORY = 1.0
PLOVER_WEIGHT_SENTENCE = 0.5
STORY_CHARS = 400

_PLACEHOLDER = re.compile(r"\{[A-Za-z_0-9]+\}")  # template slots such as {country_1}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class TyperModelError(TocsinError):
    """The event-typing model files are missing or do not match the code."""

    code = "T104"


def is_held_out(record_id: str) -> bool:
    """True for the fixed fifth of labelled records the typer never trains on.

    The split is ``int(sha1(id)) % 5 == 0`` over the record's ``id`` (UTF-8), the same for
    every labelled file; a story's sentences share their story's split. Measure only here.
    """
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 5 == 0


@dataclass(frozen=True)
class TypeGuess:
    """What the typer thinks one text reports, with the model's probabilities."""

    plover_type: str
    plover_prob: float
    plover_mode: str | None
    acled_event_type: str | None          # None: not an ACLED event (an appeal, a meeting)
    acled_sub_event_type: str | None
    acled_prob: float                     # probability of the ACLED answer (or of "not ACLED")
    cameo_root: str
    cameo_prob: float
    cameo_code: str | None                # default full code for the type/mode, if its root agrees
    mode_prob: float = 0.0
    plover_top3: tuple[tuple[str, float], ...] = ()
    acled_top3: tuple[tuple[str, float], ...] = ()   # sub-event types, "NONE" = not ACLED
    cameo_top3: tuple[tuple[str, float], ...] = ()
    lexicon_codes: tuple[str, ...] = ()   # CAMEO codes of verbs the lexicon found, in text order


class VerbLexicon:
    """CAMEO verb forms (from the PETRARCH2 verb dictionary) -> CAMEO code."""

    def __init__(self, forms: dict[str, str]):
        self.forms = forms
        # first word of a multi-word form -> its longest length, so single words cost one lookup
        self.spans: dict[str, int] = {}
        for form in forms:
            words = form.split(" ")
            if len(words) > 1:
                self.spans[words[0]] = max(self.spans.get(words[0], 1), len(words))

    @staticmethod
    def read(path: Path) -> "VerbLexicon":
        forms: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#") or line.startswith("form\t"):
                continue
            form, code = line.split("\t")
            forms[form] = code
        return VerbLexicon(forms)

    def codes(self, text: str) -> list[str]:
        """CAMEO codes of the verb forms in ``text``, longest match first at each word."""
        words = _WORD.findall(text.lower())
        forms, spans, found = self.forms, self.spans, []
        i, n = 0, len(words)
        while i < n:
            if words[i] not in spans:  # most words open no multi-word form: one look-up
                code = forms.get(words[i])
                if code:
                    found.append(code)
                i += 1
                continue
            step = 1
            for k in range(min(spans[words[i]], n - i), 1, -1):
                code = forms.get(" ".join(words[i:i + k]))
                if code:
                    found.append(code)
                    step = k
                    break
            else:
                code = forms.get(words[i])
                if code:
                    found.append(code)
            i += step
        return found


def prepare(text: str, lexicon: VerbLexicon) -> tuple[str, list[str]]:
    """Text as the vectorizer sees it: template slots removed, lexicon cues appended."""
    clean = _PLACEHOLDER.sub(" ", text)
    codes = lexicon.codes(clean)
    cues = " ".join(f"zzcameo{c[:2]} zzcameo{c}" for c in codes)
    return f"{clean} {cues}", codes


def make_vectorizer(n_features: int) -> HashingVectorizer:
    """The one feature map (raw counts), shared by training and prediction."""
    return HashingVectorizer(n_features=n_features, ngram_range=(1, 2), alternate_sign=False,
                             norm=None, lowercase=True, token_pattern=r"(?u)\b\w+\b", dtype=np.float32)


def weigh(counts, idf: np.ndarray):
    """Sublinear TF-IDF, rows L2-normalised: what scikit-learn's TfidfTransformer(sublinear_tf=True) does."""
    x = counts.tocsr(copy=True)
    np.log(x.data, out=x.data)
    x.data += 1.0
    x = x.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return x.multiply((1.0 / norms).reshape(-1, 1)).tocsr().astype(np.float32)


def _data_dir() -> Path:
    return Path(str(resources.files("tocsin.data").joinpath(MODEL_DIR)))


@dataclass(frozen=True)
class _Head:
    classes: tuple[str, ...]
    weights: np.ndarray   # (n_features, n_classes) float32
    bias: np.ndarray      # (n_classes,)
    temperature: float    # softmax(temperature * score): fitted on held-in folds at training

    def proba(self, x) -> np.ndarray:
        """The SVM's one-vs-rest scores as a softmax distribution over the classes."""
        scores = (np.asarray(x @ self.weights) + self.bias) * self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores


def _top3(classes: tuple[str, ...], probs: np.ndarray) -> list[tuple[tuple[str, float], ...]]:
    """The three most probable classes of every row, best first."""
    order = np.argsort(-probs, axis=1)[:, :3]
    values = np.round(np.take_along_axis(probs, order, axis=1), 4).tolist()
    return [tuple((classes[j], v) for j, v in zip(idx, vals)) for idx, vals in zip(order.tolist(), values)]


class EventTyper:
    """Predicts event types for short texts; load with ``EventTyper.load(config)``."""

    HEADS = ("plover", "mode", "acled", "cameo")

    def __init__(self, heads: dict[str, _Head], n_features: int, idf: np.ndarray, lexicon: VerbLexicon,
                 mode_types: dict[str, set[str]], crosswalk: Crosswalk, version: str):
        self.heads = heads
        self.vectorizer = make_vectorizer(n_features)
        self.idf = idf
        self.lexicon = lexicon
        self.mode_types = mode_types
        self.crosswalk = crosswalk
        self.version = version
        plover_classes = heads["plover"].classes
        # PLOVER types that are never ACLED events (CONSULT, REQUEST, ...), whatever the mode
        self.never_acled = {t for t in plover_classes
                            if all(v is None for (pt, _), v in crosswalk.plover_acled.items() if pt == t)}
        # (n_cameo_roots, n_plover_types): 1 where the root's PLOVER type is that type
        self.root_to_type = np.zeros((len(heads["cameo"].classes), len(plover_classes)), dtype=np.float32)
        for i, root in enumerate(heads["cameo"].classes):
            plover = crosswalk.plover_for_cameo(root)
            if plover is not None and plover.type in plover_classes:
                self.root_to_type[i, plover_classes.index(plover.type)] = 1.0

    @staticmethod
    def load(config: Config | None = None) -> "EventTyper":
        """The committed model (or ``coding.typer_model_dir`` when set), cached per process."""
        directory = ""
        if config is not None:
            directory = config["coding"].get("typer_model_dir", "") or ""
        return _load(directory)

    @staticmethod
    def from_dir(directory: Path) -> "EventTyper":
        meta_path, weights_path = directory / META_FILE, directory / WEIGHTS_FILE
        if not meta_path.is_file() or not weights_path.is_file():
            raise TyperModelError(f"no event-typing model in {directory}",
                                  fix="run `python -m tocsin.coding.train` or unset coding.typer_model_dir")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        arrays = np.load(weights_path)
        heads = {}
        for name in EventTyper.HEADS:
            quantised = arrays[f"{name}_w"].astype(np.float32)
            weights = quantised * arrays[f"{name}_scale"].astype(np.float32)
            heads[name] = _Head(tuple(meta["heads"][name]), weights, arrays[f"{name}_b"].astype(np.float32),
                                float(meta["temperature"][name]))
            if weights.shape != (meta["n_features"], len(heads[name].classes)):
                raise TyperModelError(f"{weights_path}: head {name} has shape {weights.shape}",
                                      fix="rebuild the model with `python -m tocsin.coding.train`")
        lexicon = VerbLexicon.read(directory / LEXICON_FILE)
        mode_types = {m: set(ts) for m, ts in meta["mode_types"].items()}
        idf = arrays["idf"].astype(np.float32)
        return EventTyper(heads, meta["n_features"], idf, lexicon, mode_types, Crosswalk.load(), meta["version"])

    def features(self, texts: list[str]):
        prepared = [prepare(t, self.lexicon) for t in texts]
        return weigh(self.vectorizer.transform([p for p, _ in prepared]), self.idf), [c for _, c in prepared]

    def predict(self, texts: list[str]) -> list[TypeGuess]:
        """One guess per text, in order. Texts may be sentences, snippets or short stories."""
        if not texts:
            return []
        x, lexicon_codes = self.features(texts)
        probs = {name: head.proba(x) for name, head in self.heads.items()}
        weight = np.array([[PLOVER_WEIGHT_STORY if len(t) >= STORY_CHARS else PLOVER_WEIGHT_SENTENCE]
                           for t in texts], dtype=np.float32)
        mixed = weight * probs["plover"] + (1 - weight) * (probs["cameo"] @ self.root_to_type)
        probs["plover"] = mixed / mixed.sum(axis=1, keepdims=True)  # CAMEO 01 has no PLOVER type
        tops = {name: _top3(self.heads[name].classes, probs[name]) for name in ("plover", "acled", "cameo")}
        return [self._guess(i, probs, tops, lexicon_codes[i]) for i in range(len(texts))]

    def _guess(self, i: int, probs: dict[str, np.ndarray], tops: dict[str, list], codes: list[str]) -> TypeGuess:
        cw = self.crosswalk
        plover_classes = self.heads["plover"].classes
        p_row = probs["plover"][i]
        ptype = plover_classes[int(p_row.argmax())]

        # The mode must belong to the chosen type (modes are type-specific in PLOVER).
        m_classes, m_row = self.heads["mode"].classes, probs["mode"][i]
        mode, mode_prob = None, 0.0
        for j in np.argsort(-m_row):
            label = m_classes[j]
            if label == NONE_LABEL:
                mode, mode_prob = None, float(m_row[j])
                break
            if ptype in self.mode_types.get(label, ()):
                mode, mode_prob = label, float(m_row[j])
                break

        a_classes, a_row = self.heads["acled"].classes, probs["acled"][i]
        sub = a_classes[int(a_row.argmax())]
        acled_sub = None if sub == NONE_LABEL else sub
        if ptype in self.never_acled and p_row.max() > a_row.max():
            acled_sub = None  # a confident meeting/appeal/threat is not an ACLED event
        c_classes, c_row = self.heads["cameo"].classes, probs["cameo"][i]
        root = c_classes[int(c_row.argmax())]
        default_code = cw.cameo_for_plover(ptype, mode)
        return TypeGuess(
            plover_type=ptype, plover_prob=round(float(p_row.max()), 4), plover_mode=mode,
            acled_event_type=cw.acled_event_type(acled_sub) if acled_sub else None,
            acled_sub_event_type=acled_sub, acled_prob=round(float(a_row.max()), 4),
            cameo_root=root, cameo_prob=round(float(c_row.max()), 4),
            cameo_code=default_code if default_code and default_code[:2] == root else None,
            mode_prob=round(mode_prob, 4),
            plover_top3=tops["plover"][i], acled_top3=tops["acled"][i],
            cameo_top3=tops["cameo"][i], lexicon_codes=tuple(codes),
        )


@lru_cache(maxsize=4)
def _load(directory: str) -> EventTyper:
    return EventTyper.from_dir(Path(directory) if directory else _data_dir())
