"""Every form of the project, rendered in Vietnamese and in English: no Django English default left in the
Vietnamese page (“- Select an option -”, “---------”, “This field is required.”), and no Vietnamese msgid left
untranslated in the English one (labels, help texts, choices and error messages; data from the database, such as
unit or craft names, is allowed)."""

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation

import khuyencong
from khuyencong.geo.selectors import unit_get
from khuyencong.projects.workflow import TRANSITIONS
from khuyencong.registry.services import craft_for_name
from khuyencong.training.services.classes import class_create

pytestmark = pytest.mark.django_db

ENGLISH_DEFAULTS = ("Select an option", "---------", "This field is required", "Enter a whole number",
                    "Enter a valid", "Select a valid choice", "Ensure this value")
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# Sample values shown as placeholders: a person's name and a gender as the pasted list must spell them.
SAMPLES = {"Nguyễn Văn An; 1990; Nam; 001090001234"}
# Kept in Vietnamese in English too: the programme's name, and crafts given as examples of what to type.
TERMS = re.compile(r"khuyến công|“?mây tre đan”?|gốm sứ", re.I)


def all_form_classes() -> list[type]:
    found = {}
    for info in pkgutil.walk_packages(khuyencong.__path__, "khuyencong."):
        if ".migrations" in info.name or ".management" in info.name or info.name.endswith(("wsgi", "__main__")):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == info.name:
                found[f"{cls.__module__}.{cls.__name__}"] = cls
    return [found[k] for k in sorted(found)]


@pytest.fixture
def arguments(make_user):
    """What each form's constructor may ask for, by parameter name; a form asking for anything else fails."""
    staff = make_user("canbo", role="centre_staff", unit="01")
    commune = unit_get(code="10030")
    klass = class_create(actor=staff, code="L1", kind="truyen_nghe", craft=craft_for_name("mây tre đan"),
                         commune=commune, start_date=datetime.date(2014, 3, 1), end_date=datetime.date(2014, 6, 30))
    return {"user": [staff], "training_class": [klass], "transition": TRANSITIONS, "project": [None],
            "request": [None]}


def instances(cls, arguments):
    wanted = [p for name, p in inspect.signature(cls.__init__).parameters.items()
              if name not in ("self", "args", "kwargs", "data", "files", "instance") and p.default is p.empty
              or name in ("user", "training_class", "transition")]
    unknown = [p.name for p in wanted if p.name not in arguments]
    assert not unknown, f"{cls.__name__} needs {unknown}: add them to the `arguments` fixture"
    variants = [{}]
    for p in wanted:
        variants = [dict(v, **{p.name: value}) for v in variants for value in arguments[p.name]]
    for kwargs in variants:
        for data in (None, {}, {"__junk": "x"}):  # unbound, then bound with nothing typed: every error shows
            yield cls(data, **kwargs) if data is not None else cls(**kwargs)


def visible_texts(form) -> list[tuple[str, str]]:
    """(where, text) of everything the form shows that comes from the code, not from the database."""
    texts = []
    for name, field in form.fields.items():
        texts += [(f"{name}.label", str(field.label or "")), (f"{name}.help_text", str(field.help_text or ""))]
        if isinstance(field, forms.ModelChoiceField):
            texts.append((f"{name}.empty_label", str(field.empty_label or "")))
        elif hasattr(field, "choices"):
            texts += [(f"{name}.choice", str(label)) for _value, label in field.choices]
        placeholder = str(field.widget.attrs.get("placeholder", ""))
        if placeholder not in SAMPLES:
            texts.append((f"{name}.placeholder", placeholder))
    if form.is_bound:
        texts += [(f"{name}.error", str(e)) for name, errors in form.errors.items() for e in errors]
    return texts


def test_every_form_is_found():
    names = {cls.__name__ for cls in all_form_classes()}
    assert {"ImportForm", "ProjectForm", "TransitionForm", "EstablishmentForm", "ClassForm", "FollowUpForm",
            "LoginForm"} <= names


def test_every_form_in_vietnamese_has_no_django_english_default(arguments):
    problems = []
    with translation.override("vi"):
        for cls in all_form_classes():
            for form in instances(cls, arguments):
                html = form.as_div() + "".join(str(e) for errors in form.errors.values() for e in errors)
                problems += [f"{cls.__name__}: {d}" for d in ENGLISH_DEFAULTS if d in html]
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_form_in_english_is_translated(arguments):
    problems = []
    with translation.override("en"):
        for cls in all_form_classes():
            for form in instances(cls, arguments):
                form.as_div()
                problems += [f"{cls.__name__}.{where}: {text}" for where, text in visible_texts(form)
                             if VIETNAMESE.search(TERMS.sub("", text))]
    assert not problems, "\n".join(sorted(set(problems)))
