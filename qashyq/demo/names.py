"""Names of people for the demo university: Kazakh (the majority), Russian, English.

A person is made by `PersonNamer.person(origin=…, sex=…)`: given name, surname
in the right gender form (Жұмабаев / Жұмабаева, Серікұлы as a surname stays
Серікұлы / Серікқызы) and a patronymic, Kazakh style (Серікұлы, Серікқызы) or
Russified (Серикович, Сериковна), or none for foreigners.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KAZAKH_MALE = [
    "Нұрсұлтан",
    "Ерлан",
    "Әлихан",
    "Арман",
    "Дәурен",
    "Асқар",
    "Бауыржан",
    "Ержан",
    "Нұрлан",
    "Самат",
    "Данияр",
    "Айбек",
    "Бекзат",
    "Мұхтар",
    "Ерасыл",
    "Алмас",
    "Ақжол",
    "Әділет",
    "Рауан",
    "Темірлан",
    "Арсен",
    "Ислам",
    "Мирас",
    "Нұржан",
    "Жандос",
    "Дулат",
    "Олжас",
    "Тимур",
    "Саят",
    "Абылай",
    "Аян",
    "Бекжан",
    "Ернар",
    "Мағжан",
    "Нұрдәулет",
    "Санжар",
    "Шыңғыс",
    "Әли",
    "Ақниет",
    "Бақытжан",
    "Ерболат",
    "Дархан",
    "Ілияс",
    "Қуаныш",
    "Медет",
    "Төрехан",
    "Жасұлан",
    "Ерғали",
]
KAZAKH_FEMALE = [
    "Айдана",
    "Дана",
    "Аружан",
    "Айгерім",
    "Әсем",
    "Гүлнұр",
    "Жансая",
    "Мөлдір",
    "Назерке",
    "Інжу",
    "Томирис",
    "Әйгерім",
    "Ақбота",
    "Дильназ",
    "Аяулым",
    "Балнұр",
    "Сабина",
    "Жұлдыз",
    "Аида",
    "Динара",
    "Меруерт",
    "Гүлдана",
    "Камила",
    "Зере",
    "Перизат",
    "Ұлжан",
    "Салтанат",
    "Арайлым",
    "Жанерке",
    "Нұрай",
    "Әдемі",
    "Ақерке",
    "Айша",
    "Гүлназ",
    "Дария",
    "Сымбат",
    "Қарлығаш",
    "Анель",
    "Жібек",
    "Ботагөз",
    "Индира",
    "Мадина",
    "Ләйлә",
    "Асель",
    "Толғанай",
    "Көркем",
    "Аққу",
    "Райхан",
]
# Surnames in the masculine form; the feminine adds -а (-ов/-ев/-ин) or turns
# -ұлы into -қызы.
KAZAKH_SURNAMES = [
    "Жұмабаев",
    "Сәрсенбаев",
    "Нұрланов",
    "Әбдірахманов",
    "Қасымов",
    "Тоқтаров",
    "Омаров",
    "Ахметов",
    "Сейітов",
    "Бекмұханов",
    "Мұқанов",
    "Ермеков",
    "Жақсылықов",
    "Есенов",
    "Төлеуов",
    "Құдайбергенов",
    "Әлиев",
    "Оспанов",
    "Серікбаев",
    "Байжанов",
    "Ыдырысов",
    "Қалиев",
    "Мырзахметов",
    "Нұрпейісов",
    "Дәулетов",
    "Исабеков",
    "Бейсенов",
    "Шәкенов",
    "Айтбаев",
    "Ысқақов",
    "Сұлтанов",
    "Әбішев",
    "Жанузақов",
    "Тұрсынов",
    "Қайыржанов",
    "Мамыров",
    "Байтұрсынов",
    "Сапаров",
    "Рахымжанов",
    "Ерланұлы",
    "Серікұлы",
    "Болатұлы",
    "Нұрланұлы",
    "Ғабитов",
    "Үсенов",
]
# Fathers' names: (Kazakh form, Russified stem) → Серікұлы / Серикович.
KAZAKH_FATHERS = (
    ("Серік", "Серик"),
    ("Ерлан", "Ерлан"),
    ("Нұрлан", "Нурлан"),
    ("Бауыржан", "Бауржан"),
    ("Қайрат", "Кайрат"),
    ("Болат", "Болат"),
    ("Мұрат", "Мурат"),
    ("Асқар", "Аскар"),
    ("Талғат", "Талгат"),
    ("Ержан", "Ержан"),
    ("Марат", "Марат"),
    ("Нұрбол", "Нурбол"),
    ("Дәурен", "Даурен"),
    ("Ғалым", "Галым"),
    ("Жомарт", "Жомарт"),
    ("Әсет", "Асет"),
    ("Төлеген", "Толеген"),
    ("Бақыт", "Бахыт"),
    ("Қанат", "Канат"),
    ("Арман", "Арман"),
    ("Самат", "Самат"),
    ("Ермек", "Ермек"),
    ("Мұхтар", "Мухтар"),
    ("Сәкен", "Сакен"),
)
RUSSIAN_MALE = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Иван",
    "Кирилл",
    "Никита",
    "Михаил",
    "Егор",
    "Даниил",
    "Роман",
    "Владислав",
    "Илья",
    "Павел",
    "Денис",
    "Евгений",
    "Виктор",
]
RUSSIAN_FEMALE = [
    "Анастасия",
    "Мария",
    "Екатерина",
    "Дарья",
    "Анна",
    "Полина",
    "Виктория",
    "Елизавета",
    "Ксения",
    "Алина",
    "Валерия",
    "Софья",
    "Ольга",
    "Юлия",
    "Татьяна",
    "Наталья",
    "Ирина",
    "Алёна",
    "Вероника",
    "Кристина",
]
# (masculine, feminine): uninflected surnames repeat themselves.
RUSSIAN_SURNAMES = (
    *(
        (m, m + "а")
        for m in [
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Васильев",
            "Петров",
            "Соколов",
            "Михайлов",
            "Новиков",
            "Фёдоров",
            "Морозов",
            "Волков",
            "Алексеев",
            "Лебедев",
            "Семёнов",
            "Егоров",
            "Павлов",
            "Козлов",
            "Степанов",
            "Николаев",
            "Захаров",
            "Белов",
            "Тарасов",
            "Громов",
            "Гусев",
        ]
    ),
    ("Ким", "Ким"),
    ("Пак", "Пак"),
    ("Цой", "Цой"),
    ("Шевченко", "Шевченко"),
    ("Бондаренко", "Бондаренко"),
    ("Коваленко", "Коваленко"),
)
# Russian patronymics: (masculine, feminine).
RUSSIAN_PATRONYMICS = (
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Владимирович", "Владимировна"),
    ("Николаевич", "Николаевна"),
    ("Андреевич", "Андреевна"),
    ("Викторович", "Викторовна"),
    ("Игоревич", "Игоревна"),
    ("Олегович", "Олеговна"),
    ("Юрьевич", "Юрьевна"),
    ("Михайлович", "Михайловна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Геннадьевич", "Геннадьевна"),
)
ENGLISH_MALE = [
    "James",
    "Oliver",
    "William",
    "Thomas",
    "Daniel",
    "Michael",
    "Jack",
    "Harry",
    "George",
    "Samuel",
]
ENGLISH_FEMALE = [
    "Emily",
    "Olivia",
    "Sophie",
    "Charlotte",
    "Emma",
    "Grace",
    "Hannah",
    "Lucy",
    "Amelia",
    "Chloe",
]
ENGLISH_SURNAMES = [
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Davies",
    "Evans",
    "Clarke",
    "Walker",
    "Wright",
    "Hughes",
    "Green",
]
FOREIGN_CITIZENSHIPS = ("GB", "US", "IE", "CA", "AU")

_LATIN = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}


def latin(text: str) -> str:
    """A lower-case ASCII transliteration for user names and e-mail addresses."""
    out = "".join(_LATIN.get(c, c) for c in text.lower())
    return "".join(c for c in out if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class PersonName:
    first: str
    last: str
    middle: str
    sex: str  # people.Sex value: "m" / "f"
    origin: str  # "kazakh" / "russian" / "english"


def feminine_kazakh_surname(surname: str) -> str:
    if surname.endswith("ұлы"):
        return surname[: -len("ұлы")] + "қызы"
    return surname + "а"


class PersonNamer:
    """Draws names with a given random generator (so a seed gives the same people)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self, *, origin: str, sex: str) -> PersonName:
        rng = self.rng
        male = sex == "m"
        if origin == "kazakh":
            first = rng.choice(KAZAKH_MALE if male else KAZAKH_FEMALE)
            surname = rng.choice(KAZAKH_SURNAMES)
            last = surname if male else feminine_kazakh_surname(surname)
            father_kk, father_ru = rng.choice(KAZAKH_FATHERS)
            if rng.random() < 0.6:
                middle = father_kk + ("ұлы" if male else "қызы")
            else:
                middle = father_ru + ("ович" if male else "овна")
            return PersonName(first, last, middle, sex, origin)
        if origin == "russian":
            first = rng.choice(RUSSIAN_MALE if male else RUSSIAN_FEMALE)
            masculine, feminine = rng.choice(RUSSIAN_SURNAMES)
            patronymic_m, patronymic_f = rng.choice(RUSSIAN_PATRONYMICS)
            return PersonName(
                first,
                masculine if male else feminine,
                patronymic_m if male else patronymic_f,
                sex,
                origin,
            )
        first = rng.choice(ENGLISH_MALE if male else ENGLISH_FEMALE)
        return PersonName(first, rng.choice(ENGLISH_SURNAMES), "", sex, "english")
