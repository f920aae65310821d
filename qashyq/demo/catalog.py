# ruff: noqa: E501 - the catalogue is data: one discipline per line reads best
"""What the demo university is made of: faculties, departments, programs, disciplines.

Plain data, no database access. Names are kept in Kazakh, Russian and English
(GOV-2), written as ``"kk | ru | en"`` lines. Program codes follow the registry
(direction code + two digits: 6B06101); direction codes are those of the
classifier (CLS-1), which a migration of `institutions` loads.

Curriculum *grids* say, semester by semester, what a working curriculum of each
level holds: fixed disciplines (general education, practices, research work,
final attestation), ``M`` slots filled with the field's major disciplines and
``E`` slots, each an elective group "choose 1 of 3" (SIS-3). Every semester of
every grid totals exactly 30 credits (CRD-1, CRD-2: bachelor 240, scientific-
pedagogical master 120, doctorate 180, MBA 90, EMBA 60, DBA 180).
"""

from __future__ import annotations

from dataclasses import dataclass

Trilingual = tuple[str, str, str]  # (kk, ru, en)


def tri(line: str) -> Trilingual:
    kk, ru, en = (part.strip() for part in line.split("|"))
    return kk, ru, en


def tri_lines(block: str) -> tuple[Trilingual, ...]:
    return tuple(tri(line) for line in block.strip().splitlines() if line.strip())


# --- The institution ---------------------------------------------------------

INSTITUTION_NAMES = tri(
    "«Қашық» демо университеті | Демонстрационный университет «Қашық» | Qashyq Demo University"
)
INSTITUTION_SHORT_NAME = "QDU"
INSTITUTION_CITY = "Алматы"


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    code: str
    names: Trilingual


@dataclass(frozen=True)
class FacultySpec:
    code: str
    names: Trilingual
    departments: tuple[DepartmentSpec, ...]


def _dep(key: str, code: str, line: str) -> DepartmentSpec:
    return DepartmentSpec(key=key, code=code, names=tri(line))


FACULTIES: tuple[FacultySpec, ...] = (
    FacultySpec(
        "FIT",
        tri(
            "Ақпараттық технологиялар факультеті | Факультет информационных технологий"
            " | Faculty of Information Technologies"
        ),
        (
            _dep(
                "is",
                "IS",
                "Ақпараттық жүйелер кафедрасы | Кафедра информационных систем"
                " | Department of Information Systems",
            ),
            _dep(
                "cs",
                "CS",
                "Есептеуіш техника және бағдарламалық қамтамасыз ету кафедрасы"
                " | Кафедра вычислительной техники и программного обеспечения"
                " | Department of Computer Engineering and Software",
            ),
        ),
    ),
    FacultySpec(
        "PED",
        tri(
            "Педагогика және психология факультеті | Факультет педагогики и психологии"
            " | Faculty of Pedagogy and Psychology"
        ),
        (
            _dep(
                "ped",
                "PP",
                "Педагогика және психология кафедрасы | Кафедра педагогики и"
                " психологии | Department of Pedagogy and Psychology",
            ),
            _dep(
                "socped",
                "SP",
                "Әлеуметтік педагогика және өзін-өзі тану кафедрасы"
                " | Кафедра социальной педагогики и самопознания"
                " | Department of Social Pedagogy and Self-Knowledge",
            ),
            _dep(
                "pe",
                "PE",
                "Дене шынықтыру және спорт кафедрасы | Кафедра физической"
                " культуры и спорта | Department of Physical Education and Sport",
            ),
        ),
    ),
    FacultySpec(
        "EL",
        tri(
            "Экономика және құқық факультеті | Факультет экономики и права"
            " | Faculty of Economics and Law"
        ),
        (
            _dep(
                "econ",
                "EF",
                "Экономика және қаржы кафедрасы | Кафедра экономики и финансов"
                " | Department of Economics and Finance",
            ),
            _dep(
                "mgmt",
                "AM",
                "Есеп және менеджмент кафедрасы | Кафедра учёта и менеджмента"
                " | Department of Accounting and Management",
            ),
            _dep("law", "LAW", "Құқықтану кафедрасы | Кафедра юриспруденции | Department of Law"),
        ),
    ),
    FacultySpec(
        "ENG",
        tri("Инженерия факультеті | Инженерный факультет | Faculty of Engineering"),
        (
            _dep(
                "power",
                "PWR",
                "Электр энергетикасы кафедрасы | Кафедра электроэнергетики"
                " | Department of Electric Power Engineering",
            ),
            _dep(
                "mech",
                "ME",
                "Машина жасау кафедрасы | Кафедра машиностроения"
                " | Department of Mechanical Engineering",
            ),
        ),
    ),
    FacultySpec(
        "NS",
        tri(
            "Жаратылыстану ғылымдары факультеті | Факультет естественных наук"
            " | Faculty of Natural Sciences"
        ),
        (
            _dep("bio", "BIO", "Биология кафедрасы | Кафедра биологии | Department of Biology"),
            _dep(
                "biotech",
                "BTE",
                "Биотехнология және экология кафедрасы | Кафедра"
                " биотехнологии и экологии | Department of Biotechnology and Ecology",
            ),
        ),
    ),
    FacultySpec(
        "PHH",
        tri(
            "Филология және тарих факультеті | Факультет филологии и истории"
            " | Faculty of Philology and History"
        ),
        (
            _dep(
                "phil",
                "KRF",
                "Қазақ және орыс филологиясы кафедрасы | Кафедра казахской и"
                " русской филологии | Department of Kazakh and Russian Philology",
            ),
            _dep(
                "lang",
                "FL",
                "Шетел тілдері кафедрасы | Кафедра иностранных языков"
                " | Department of Foreign Languages",
            ),
            _dep(
                "hist",
                "HKP",
                "Қазақстан тарихы және философия кафедрасы | Кафедра истории"
                " Казахстана и философии | Department of Kazakh History and Philosophy",
            ),
        ),
    ),
    FacultySpec(
        "ART",
        tri(
            "Өнер және дизайн факультеті | Факультет искусств и дизайна"
            " | Faculty of Arts and Design"
        ),
        (
            _dep("design", "DZ", "Дизайн кафедрасы | Кафедра дизайна | Department of Design"),
            _dep(
                "arts",
                "FA",
                "Бейнелеу және сәндік-қолданбалы өнер кафедрасы | Кафедра"
                " изобразительного и декоративно-прикладного искусства"
                " | Department of Fine and Decorative Arts",
            ),
        ),
    ),
    FacultySpec(
        "BS",
        tri("Бизнес мектебі | Школа бизнеса | Business School"),
        (
            _dep(
                "mba",
                "BA",
                "Іскерлік әкімшілендіру кафедрасы | Кафедра делового"
                " администрирования | Department of Business Administration",
            ),
            _dep(
                "exec",
                "EE",
                "Басшыларға арналған білім беру кафедрасы | Кафедра"
                " образования для руководителей | Department of Executive Education",
            ),
        ),
    ),
)


# --- Levels: durations, cohorts and curriculum grids --------------------------

# A grid cell: "M" (a major discipline of the field), "E" (an elective group of
# the field, choose 1 of 3), "UE" (the university elective group) or the key of
# a fixed discipline (GENERAL or DEPARTMENT_ITEMS). Credits per cell follow.
Cell = tuple[str, int]
Grid = tuple[tuple[Cell, ...], ...]

BACHELOR_GRID: Grid = (
    (("hist", 5), ("lang1", 5), ("fl1", 5), ("pe1", 2), ("ict", 5), ("M", 3), ("M", 5)),
    (("phil", 5), ("lang2", 5), ("fl2", 5), ("pe2", 2), ("edu_practice", 3), ("M", 5), ("M", 5)),
    (("socpol1", 4), ("pe3", 2), ("UE", 5), ("M", 5), ("M", 5), ("M", 4), ("E", 5)),
    (("socpol2", 4), ("pe4", 2), ("M", 5), ("M", 5), ("M", 5), ("M", 4), ("E", 5)),
    (("M", 5), ("M", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("work_practice", 5), ("M", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("M", 5), ("M", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("M", 5), ("E", 5), ("prediploma_practice", 8), ("bachelor_final", 12)),
)

MASTER_GRID: Grid = (
    (("hps", 5), ("fl_prof", 5), ("hsp", 5), ("psy_mgmt", 5), ("M", 5), ("E", 5)),
    (("teaching_practice", 5), ("mrw1", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("research_practice", 5), ("mrw2", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("mrw3", 18), ("master_final", 12)),
)

DOCTORATE_GRID: Grid = (
    (("academic_writing", 5), ("research_methods", 5), ("M", 5), ("E", 5), ("drw1", 10)),
    (("doc_teaching_practice", 10), ("M", 5), ("E", 5), ("drw2", 10)),
    (("doc_research_practice", 10), ("drw3", 20)),
    (("drw4", 30),),
    (("drw5", 30),),
    (("drw6", 18), ("doctoral_final", 12)),
)

MBA_GRID: Grid = (
    (("M", 5), ("M", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("M", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5), ("E", 5)),
    (("M", 5), ("E", 5), ("business_practice", 8), ("mba_final", 12)),
)

EMBA_GRID: Grid = (
    (("M", 5), ("M", 5), ("M", 5), ("M", 5), ("M", 5), ("E", 5)),
    (("M", 5), ("E", 5), ("business_practice", 8), ("mba_final", 12)),
)


@dataclass(frozen=True)
class LevelSpec:
    level: str  # institutions.Level value
    grid: Grid
    duration_years: str  # Decimal text
    code_digit: str  # 6, 7, 8: the level digit in discipline codes
    # Years since intake of the cohorts studying now (0 = this year's first-years)
    # and of the one cohort shown as graduates.
    studying: tuple[int, ...]
    graduated: int | None

    @property
    def semesters(self) -> int:
        return len(self.grid)

    @property
    def total_credits(self) -> int:
        return sum(credits for semester in self.grid for _key, credits in semester)


LEVELS: dict[str, LevelSpec] = {
    "bachelor": LevelSpec("bachelor", BACHELOR_GRID, "4", "6", (0, 1, 2, 3), 4),
    "master": LevelSpec("master", MASTER_GRID, "2", "7", (0, 1), 2),
    "doctorate": LevelSpec("doctorate", DOCTORATE_GRID, "3", "8", (0, 1, 2), None),
    "mba": LevelSpec("mba", MBA_GRID, "1.5", "7", (0, 1), 2),
    "emba": LevelSpec("emba", EMBA_GRID, "1", "7", (0,), 1),
    "dba": LevelSpec("dba", DOCTORATE_GRID, "3", "8", (0, 1, 2), None),
}

# Relative size of each cohort by years since intake (attrition); graduates are
# a small sample of the last cohort that finished.
COHORT_FACTOR = {0: 1.0, 1: 0.95, 2: 0.9, 3: 0.85}
GRADUATE_FACTOR = 0.15
GROUP_SIZE = 25
MIN_GROUP_SIZE = 10  # fewer students of a language study with the first language's group


# --- Fixed disciplines ----------------------------------------------------------

# Hours split per credit (CRD-1: one credit = 30 academic hours):
# (lecture, practice, lab, independent) hours per credit.
HOURS_PER_CREDIT: dict[str, tuple[int, int, int, int]] = {
    "lecture": (3, 6, 0, 21),  # 5 credits: 15 lecture + 30 seminar + 105 independent
    "lab": (3, 3, 3, 21),  # 5 credits: 15 + 15 + 15 lab + 105
    "language": (0, 9, 0, 21),
    "sport": (0, 9, 0, 21),
    "placement": (0, 30, 0, 0),  # practices are all placement hours
    "research": (0, 0, 0, 30),  # research work and final attestation
}


@dataclass(frozen=True)
class FixedDiscipline:
    names: Trilingual
    credits: int
    kind: str  # a key of HOURS_PER_CREDIT
    control: str  # institutions.ControlForm value
    component: str  # institutions.Component value
    owner: str | None = None  # department key; None: the program's own department
    mooc: bool = False


def _fixed(  # noqa: PLR0917 - positional: one catalogue row per call
    line: str,
    credits: int,
    kind: str = "lecture",
    control: str = "exam",
    component: str = "general",
    owner: str | None = None,
    *,
    mooc: bool = False,
) -> FixedDiscipline:
    return FixedDiscipline(tri(line), credits, kind, control, component, owner, mooc)


GENERAL: dict[str, FixedDiscipline] = {
    # Bachelor: the mandatory general-education module (ОК).
    "hist": _fixed(
        "Қазақстанның қазіргі заманғы тарихы | Современная история Казахстана"
        " | Modern history of Kazakhstan",
        5,
        owner="hist",
    ),
    "phil": _fixed("Философия | Философия | Philosophy", 5, owner="hist"),
    "lang1": _fixed(
        "Қазақ (орыс) тілі 1 | Казахский (русский) язык 1 | Kazakh (Russian) language 1",
        5,
        "language",
        owner="phil",
    ),
    "lang2": _fixed(
        "Қазақ (орыс) тілі 2 | Казахский (русский) язык 2 | Kazakh (Russian) language 2",
        5,
        "language",
        owner="phil",
    ),
    "fl1": _fixed(
        "Шетел тілі 1 | Иностранный язык 1 | Foreign language 1", 5, "language", owner="lang"
    ),
    "fl2": _fixed(
        "Шетел тілі 2 | Иностранный язык 2 | Foreign language 2", 5, "language", owner="lang"
    ),
    "ict": _fixed(
        "Ақпараттық-коммуникациялық технологиялар (ағылшын тілінде)"
        " | Информационно-коммуникационные технологии (на английском языке)"
        " | Information and communication technologies (in English)",
        5,
        "lab",
        owner="is",
        mooc=True,
    ),
    "socpol1": _fixed(
        "Әлеуметтік-саяси білім модулі (әлеуметтану, саясаттану)"
        " | Модуль социально-политических знаний (социология, политология)"
        " | Social and political knowledge module (sociology, political"
        " science)",
        4,
        owner="hist",
    ),
    "socpol2": _fixed(
        "Әлеуметтік-саяси білім модулі (мәдениеттану, психология)"
        " | Модуль социально-политических знаний (культурология, психология)"
        " | Social and political knowledge module (cultural studies,"
        " psychology)",
        4,
        owner="hist",
    ),
    "pe1": _fixed(
        "Дене шынықтыру 1 | Физическая культура 1 | Physical education 1",
        2,
        "sport",
        "credit",
        owner="pe",
    ),
    "pe2": _fixed(
        "Дене шынықтыру 2 | Физическая культура 2 | Physical education 2",
        2,
        "sport",
        "credit",
        owner="pe",
    ),
    "pe3": _fixed(
        "Дене шынықтыру 3 | Физическая культура 3 | Physical education 3",
        2,
        "sport",
        "credit",
        owner="pe",
    ),
    "pe4": _fixed(
        "Дене шынықтыру 4 | Физическая культура 4 | Physical education 4",
        2,
        "sport",
        "credit",
        owner="pe",
    ),
    # Master's basic disciplines.
    "hps": _fixed(
        "Ғылым тарихы мен философиясы | История и философия науки"
        " | History and philosophy of science",
        5,
        owner="hist",
    ),
    "fl_prof": _fixed(
        "Шетел тілі (кәсіби) | Иностранный язык (профессиональный)"
        " | Foreign language (professional)",
        5,
        "language",
        owner="lang",
    ),
    "hsp": _fixed(
        "Жоғары мектеп педагогикасы | Педагогика высшей школы | Higher school pedagogy",
        5,
        owner="ped",
    ),
    "psy_mgmt": _fixed(
        "Басқару психологиясы | Психология управления | Psychology of management", 5, owner="ped"
    ),
    # Doctoral basic disciplines.
    "academic_writing": _fixed(
        "Академиялық жазылым | Академическое письмо | Academic writing", 5, "language", owner="lang"
    ),
    "research_methods": _fixed(
        "Ғылыми зерттеу әдістері | Методы научных исследований | Research methods", 5, owner="hist"
    ),
}

# The university elective group of the general-education module (КВ): choose 1 of 3.
UNIVERSITY_ELECTIVES: tuple[FixedDiscipline, ...] = (
    _fixed(
        "Құқық негіздері және сыбайлас жемқорлыққа қарсы мәдениет | Основы права и"
        " антикоррупционной культуры | Fundamentals of law and anti-corruption culture",
        5,
        component="elective",
        owner="law",
    ),
    _fixed(
        "Экология және тіршілік қауіпсіздігі | Экология и безопасность жизнедеятельности"
        " | Ecology and life safety",
        5,
        component="elective",
        owner="biotech",
    ),
    _fixed(
        "Экономика және кәсіпкерлік негіздері | Основы экономики и предпринимательства"
        " | Fundamentals of economics and entrepreneurship",
        5,
        component="elective",
        owner="econ",
        mooc=True,
    ),
)

# Practices, research work and final attestation: each department has its own.
DEPARTMENT_ITEMS: dict[str, FixedDiscipline] = {
    "edu_practice": _fixed(
        "Оқу практикасы | Учебная практика | Educational practice",
        3,
        "placement",
        "practice",
        "university",
    ),
    "work_practice": _fixed(
        "Өндірістік практика | Производственная практика | Work placement",
        5,
        "placement",
        "practice",
        "university",
    ),
    "prediploma_practice": _fixed(
        "Диплом алды практикасы | Преддипломная практика | Pre-graduation placement",
        8,
        "placement",
        "practice",
        "university",
    ),
    "bachelor_final": _fixed(
        "Қорытынды аттестаттау (дипломдық жұмысты жазу және қорғау)"
        " | Итоговая аттестация (написание и защита дипломной работы)"
        " | Final attestation (writing and defending the thesis)",
        12,
        "research",
        "exam",
        "university",
    ),
    "teaching_practice": _fixed(
        "Педагогикалық практика | Педагогическая практика | Teaching practice",
        5,
        "placement",
        "practice",
        "university",
    ),
    "research_practice": _fixed(
        "Зерттеу практикасы | Исследовательская практика | Research practice",
        5,
        "placement",
        "practice",
        "university",
    ),
    "mrw1": _fixed(
        "Магистранттың ғылыми-зерттеу жұмысы 1 | Научно-исследовательская работа"
        " магистранта 1 | Master's research work 1",
        5,
        "research",
        "diff_credit",
        "university",
    ),
    "mrw2": _fixed(
        "Магистранттың ғылыми-зерттеу жұмысы 2 | Научно-исследовательская работа"
        " магистранта 2 | Master's research work 2",
        5,
        "research",
        "diff_credit",
        "university",
    ),
    "mrw3": _fixed(
        "Магистранттың ғылыми-зерттеу жұмысы 3 | Научно-исследовательская работа"
        " магистранта 3 | Master's research work 3",
        18,
        "research",
        "diff_credit",
        "university",
    ),
    "master_final": _fixed(
        "Қорытынды аттестаттау (магистрлік диссертацияны жазу және қорғау)"
        " | Итоговая аттестация (написание и защита магистерской"
        " диссертации) | Final attestation (master's thesis)",
        12,
        "research",
        "exam",
        "university",
    ),
    "doc_teaching_practice": _fixed(
        "Педагогикалық практика (докторантура) | Педагогическая"
        " практика (докторантура) | Teaching practice (doctoral"
        " studies)",
        10,
        "placement",
        "practice",
        "university",
    ),
    "doc_research_practice": _fixed(
        "Зерттеу практикасы (докторантура) | Исследовательская"
        " практика (докторантура) | Research practice (doctoral"
        " studies)",
        10,
        "placement",
        "practice",
        "university",
    ),
    **{
        f"drw{n}": _fixed(
            f"Докторанттың ғылыми-зерттеу жұмысы {n} | Научно-исследовательская работа"
            f" докторанта {n} | Doctoral research work {n}",
            credits,
            "research",
            "diff_credit",
            "university",
        )
        for n, credits in ((1, 10), (2, 10), (3, 20), (4, 30), (5, 30), (6, 18))
    },
    "doctoral_final": _fixed(
        "Қорытынды аттестаттау (докторлық диссертацияны жазу және қорғау)"
        " | Итоговая аттестация (написание и защита докторской"
        " диссертации) | Final attestation (doctoral dissertation)",
        12,
        "research",
        "exam",
        "university",
    ),
    "business_practice": _fixed(
        "Бизнес-жоба бойынша практика | Практика по бизнес-проекту | Business project practice",
        8,
        "placement",
        "practice",
        "university",
    ),
    "mba_final": _fixed(
        "Қорытынды аттестаттау (жобаны қорғау) | Итоговая аттестация (защита"
        " проекта) | Final attestation (project defence)",
        12,
        "research",
        "exam",
        "university",
    ),
}


# --- Fields: the major and elective disciplines of each professional area ------


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str  # hours split of its disciplines
    major_owner: str  # department key
    elective_owner: str
    majors: tuple[Trilingual, ...]
    electives: tuple[Trilingual, ...]  # in groups of three, in semester order


FIELDS: dict[str, FieldSpec] = {}


def _field(  # noqa: PLR0917 - positional: one catalogue row per call
    key: str, kind: str, major_owner: str, elective_owner: str, majors: str, electives: str
) -> None:
    field = FieldSpec(
        key, kind, major_owner, elective_owner, tri_lines(majors), tri_lines(electives)
    )
    assert len(field.electives) % 3 == 0, key
    FIELDS[key] = field


_field(
    "it",
    "lab",
    "is",
    "cs",
    """
Ақпараттық жүйелерге кіріспе | Введение в информационные системы | Introduction to information systems
Программалау негіздері | Основы программирования | Fundamentals of programming
Дискретті математика | Дискретная математика | Discrete mathematics
Математикалық талдау | Математический анализ | Mathematical analysis
Алгоритмдер және деректер құрылымдары | Алгоритмы и структуры данных | Algorithms and data structures
Объектіге бағытталған программалау | Объектно-ориентированное программирование | Object-oriented programming
Сызықтық алгебра | Линейная алгебра | Linear algebra
Компьютерлік архитектура | Архитектура компьютеров | Computer architecture
Деректер қорын жобалау | Проектирование баз данных | Database design
Операциялық жүйелер | Операционные системы | Operating systems
Ықтималдықтар теориясы және математикалық статистика | Теория вероятностей и математическая статистика | Probability theory and mathematical statistics
Компьютерлік желілер | Компьютерные сети | Computer networks
Веб-технологиялар | Веб-технологии | Web technologies
Бағдарламалық қамтамасыз етуді жобалау | Проектирование программного обеспечения | Software design
Ақпараттық қауіпсіздік негіздері | Основы информационной безопасности | Fundamentals of information security
Жасанды интеллект негіздері | Основы искусственного интеллекта | Fundamentals of artificial intelligence
Бағдарламалық қамтамасыз етуді тестілеу | Тестирование программного обеспечения | Software testing
Бұлттық есептеулер | Облачные вычисления | Cloud computing
IT-жобаларды басқару | Управление IT-проектами | IT project management
Машиналық оқыту | Машинное обучение | Machine learning
Мобильді қосымшаларды әзірлеу | Разработка мобильных приложений | Mobile application development
Үлестірілген жүйелер | Распределённые системы | Distributed systems
Деректерді талдау | Анализ данных | Data analysis
Ақпараттық жүйелердің сапасы және стандарттары | Качество и стандарты информационных систем | Quality and standards of information systems
Корпоративтік ақпараттық жүйелер | Корпоративные информационные системы | Enterprise information systems
Адам мен компьютердің өзара әрекеттесуі | Человеко-компьютерное взаимодействие | Human–computer interaction
""",
    """
Python тілінде программалау | Программирование на Python | Programming in Python
Java тілінде программалау | Программирование на Java | Programming in Java
C# тілінде программалау | Программирование на C# | Programming in C#
Linux жүйесін әкімшілендіру | Администрирование Linux | Linux administration
Компьютерлік графика | Компьютерная графика | Computer graphics
Сандық схемотехника | Цифровая схемотехника | Digital circuit design
Frontend-әзірлеу | Frontend-разработка | Frontend development
Backend-әзірлеу | Backend-разработка | Backend development
UX/UI дизайн | UX/UI дизайн | UX/UI design
Деректер қоймалары | Хранилища данных | Data warehouses
NoSQL деректер қорлары | NoSQL базы данных | NoSQL databases
Үлкен деректерді өңдеу | Обработка больших данных | Big data processing
Компьютерлік көру | Компьютерное зрение | Computer vision
Табиғи тілді өңдеу | Обработка естественного языка | Natural language processing
Нейрондық желілер және терең оқыту | Нейронные сети и глубокое обучение | Neural networks and deep learning
DevOps тәжірибелері | Практики DevOps | DevOps practices
Заттар интернеті | Интернет вещей | Internet of things
Блокчейн технологиялары | Технологии блокчейн | Blockchain technologies
""",
)

_field(
    "ped",
    "lecture",
    "ped",
    "socped",
    """
Педагогикалық мамандыққа кіріспе | Введение в педагогическую профессию | Introduction to the teaching profession
Жалпы психология | Общая психология | General psychology
Педагогика тарихы | История педагогики | History of pedagogy
Адам анатомиясы және физиологиясы | Анатомия и физиология человека | Human anatomy and physiology
Жас ерекшелік психологиясы | Возрастная психология | Developmental psychology
Педагогика теориясы | Теория педагогики | Theory of pedagogy
Оқыту теориясы (дидактика) | Теория обучения (дидактика) | Theory of learning (didactics)
Тәрбие теориясы мен әдістемесі | Теория и методика воспитания | Theory and methods of upbringing
Педагогикалық психология | Педагогическая психология | Educational psychology
Әлеуметтік психология | Социальная психология | Social psychology
Инклюзивті білім беру | Инклюзивное образование | Inclusive education
Психологиялық-педагогикалық диагностика | Психолого-педагогическая диагностика | Psychological and educational assessment
Білім берудегі цифрлық технологиялар | Цифровые технологии в образовании | Digital technologies in education
Этнопедагогика | Этнопедагогика | Ethnopedagogy
Педагогикалық зерттеу әдістері | Методы педагогических исследований | Methods of educational research
Өзін-өзі тану | Самопознание | Self-knowledge
Психологиялық кеңес беру | Психологическое консультирование | Psychological counselling
Білім беруді басқару | Управление образованием | Education management
Дифференциалды психология | Дифференциальная психология | Differential psychology
Тұлға психологиясы | Психология личности | Psychology of personality
Отбасы психологиясы | Психология семьи | Family psychology
Сыныптан тыс жұмысты ұйымдастыру | Организация внеклассной работы | Organising extracurricular work
Кәсіби бағдар беру | Профессиональная ориентация | Career guidance
Педагогикалық шеберлік | Педагогическое мастерство | Teaching mastery
Критериалды бағалау | Критериальное оценивание | Criteria-based assessment
Психокоррекция негіздері | Основы психокоррекции | Fundamentals of psychocorrection
""",
    """
Девиантты мінез-құлық психологиясы | Психология девиантного поведения | Psychology of deviant behaviour
Конфликтология | Конфликтология | Conflict studies
Стресс психологиясы | Психология стресса | Psychology of stress
Арт-терапия | Арт-терапия | Art therapy
Ойын терапиясы | Игровая терапия | Play therapy
Психодрама негіздері | Основы психодрамы | Fundamentals of psychodrama
Тренинг жүргізу әдістемесі | Методика проведения тренингов | Training facilitation methods
Медиация негіздері | Основы медиации | Fundamentals of mediation
Тайм-менеджмент | Тайм-менеджмент | Time management
Дарынды балалармен жұмыс | Работа с одарёнными детьми | Working with gifted children
Ерекше білім беру қажеттіліктері бар балалармен жұмыс | Работа с детьми с особыми образовательными потребностями | Working with children with special educational needs
Буллингтің алдын алу | Профилактика буллинга | Bullying prevention
Нейропсихология | Нейропсихология | Neuropsychology
Клиникалық психология негіздері | Основы клинической психологии | Fundamentals of clinical psychology
Еңбек психологиясы | Психология труда | Occupational psychology
Қашықтан оқыту педагогикасы | Педагогика дистанционного обучения | Pedagogy of distance learning
Ересектерді оқыту (андрагогика) | Обучение взрослых (андрагогика) | Adult learning (andragogy)
Салыстырмалы педагогика | Сравнительная педагогика | Comparative education
""",
)

_field(
    "econ",
    "lecture",
    "econ",
    "mgmt",
    """
Экономикалық теорияға кіріспе | Введение в экономическую теорию | Introduction to economic theory
Микроэкономика | Микроэкономика | Microeconomics
Бизнеске арналған математика | Математика для бизнеса | Business mathematics
Макроэкономика | Макроэкономика | Macroeconomics
Менеджмент негіздері | Основы менеджмента | Principles of management
Маркетинг негіздері | Основы маркетинга | Principles of marketing
Статистика | Статистика | Statistics
Бухгалтерлік есеп негіздері | Основы бухгалтерского учёта | Principles of accounting
Қаржы | Финансы | Finance
Ақша, несие, банктер | Деньги, кредит, банки | Money, credit and banking
Эконометрика | Эконометрика | Econometrics
Кәсіпорын экономикасы | Экономика предприятия | Business economics
Салықтар және салық салу | Налоги и налогообложение | Taxes and taxation
Қаржылық менеджмент | Финансовый менеджмент | Financial management
Әлемдік экономика | Мировая экономика | World economy
Қазақстан экономикасы | Экономика Казахстана | Economy of Kazakhstan
Адам ресурстарын басқару | Управление человеческими ресурсами | Human resource management
Инвестициялық талдау | Инвестиционный анализ | Investment analysis
Стратегиялық менеджмент | Стратегический менеджмент | Strategic management
Бизнесті жоспарлау | Бизнес-планирование | Business planning
Басқару есебі | Управленческий учёт | Management accounting
Операциялық менеджмент | Операционный менеджмент | Operations management
Кәсіпкерлік | Предпринимательство | Entrepreneurship
Шаруашылық қызметті талдау | Анализ хозяйственной деятельности | Analysis of business activity
Бизнестегі цифрлық технологиялар | Цифровые технологии в бизнесе | Digital technologies in business
Корпоративтік әлеуметтік жауапкершілік | Корпоративная социальная ответственность | Corporate social responsibility
""",
    """
Іскерлік коммуникациялар | Деловые коммуникации | Business communication
Экономикалық ілімдер тарихы | История экономических учений | History of economic thought
Мінез-құлық экономикасы | Поведенческая экономика | Behavioural economics
Сақтандыру | Страхование | Insurance
Бағалы қағаздар нарығы | Рынок ценных бумаг | Securities market
Мемлекеттік қаржы | Государственные финансы | Public finance
Цифрлық маркетинг | Цифровой маркетинг | Digital marketing
Тұтынушы мінез-құлқы | Поведение потребителей | Consumer behaviour
Брендинг | Брендинг | Branding
Қаржылық есептіліктің халықаралық стандарттары | Международные стандарты финансовой отчётности | International financial reporting standards
Аудит | Аудит | Auditing
1С: Бухгалтерия | 1С: Бухгалтерия | 1C: Accounting
Логистика | Логистика | Logistics
Жобаларды басқару | Управление проектами | Project management
Сапа менеджменті | Менеджмент качества | Quality management
Қаржылық технологиялар (FinTech) | Финансовые технологии (FinTech) | Financial technology (FinTech)
Исламдық қаржыландыру | Исламское финансирование | Islamic finance
Дағдарысқа қарсы басқару | Антикризисное управление | Crisis management
""",
)

_field(
    "law",
    "lecture",
    "law",
    "law",
    """
Құқықтануға кіріспе | Введение в юриспруденцию | Introduction to law
Мемлекет және құқық теориясы | Теория государства и права | Theory of state and law
Қазақстан Республикасының мемлекеті мен құқығының тарихы | История государства и права Республики Казахстан | History of state and law of the Republic of Kazakhstan
Рим құқығы | Римское право | Roman law
Конституциялық құқық | Конституционное право | Constitutional law
Әкімшілік құқық | Административное право | Administrative law
Азаматтық құқық (жалпы бөлім) | Гражданское право (общая часть) | Civil law (general part)
Қылмыстық құқық (жалпы бөлім) | Уголовное право (общая часть) | Criminal law (general part)
Азаматтық құқық (ерекше бөлім) | Гражданское право (особенная часть) | Civil law (special part)
Қылмыстық құқық (ерекше бөлім) | Уголовное право (особенная часть) | Criminal law (special part)
Еңбек құқығы | Трудовое право | Labour law
Қаржы құқығы | Финансовое право | Financial law
Азаматтық іс жүргізу құқығы | Гражданское процессуальное право | Civil procedure law
Қылмыстық іс жүргізу құқығы | Уголовно-процессуальное право | Criminal procedure law
Халықаралық жария құқық | Международное публичное право | Public international law
Отбасы құқығы | Семейное право | Family law
Экологиялық құқық | Экологическое право | Environmental law
Жер құқығы | Земельное право | Land law
Кәсіпкерлік құқық | Предпринимательское право | Business law
Криминология | Криминология | Criminology
Криминалистика | Криминалистика | Criminalistics
Халықаралық жеке құқық | Международное частное право | Private international law
Әкімшілік рәсімдік құқық | Административное процедурное право | Administrative procedure law
Салық құқығы | Налоговое право | Tax law
Құқық қорғау органдары | Правоохранительные органы | Law enforcement agencies
Заң техникасы | Юридическая техника | Legal drafting
""",
    """
Заң логикасы | Юридическая логика | Legal logic
Заң этикасы | Юридическая этика | Legal ethics
Саяси және құқықтық ілімдер тарихы | История политических и правовых учений | History of political and legal doctrines
Сот медицинасы | Судебная медицина | Forensic medicine
Сот психиатриясы | Судебная психиатрия | Forensic psychiatry
Заң психологиясы | Юридическая психология | Legal psychology
Сыбайлас жемқорлыққа қарсы құқық | Антикоррупционное право | Anti-corruption law
Медиация және дауларды сотқа дейін реттеу | Медиация и досудебное урегулирование споров | Mediation and pre-trial dispute resolution
Нотариат | Нотариат | Notarial law
Зияткерлік меншік құқығы | Право интеллектуальной собственности | Intellectual property law
Ақпараттық құқық | Информационное право | Information law
Цифрлық технологиялар құқығы | Право цифровых технологий | Law of digital technologies
Банк құқығы | Банковское право | Banking law
Инвестициялық құқық | Инвестиционное право | Investment law
Бәсекелестік құқығы | Конкурентное право | Competition law
Адам құқықтары | Права человека | Human rights
Еуропалық Одақ құқығы | Право Европейского союза | European Union law
Халықаралық коммерциялық төрелік | Международный коммерческий арбитраж | International commercial arbitration
""",
)

_field(
    "eng",
    "lab",
    "power",
    "mech",
    """
Инженерлік іске кіріспе | Введение в инженерное дело | Introduction to engineering
Жоғары математика 1 | Высшая математика 1 | Higher mathematics 1
Физика 1 | Физика 1 | Physics 1
Жоғары математика 2 | Высшая математика 2 | Higher mathematics 2
Физика 2 | Физика 2 | Physics 2
Инженерлік графика | Инженерная графика | Engineering graphics
Теориялық механика | Теоретическая механика | Theoretical mechanics
Материалтану | Материаловедение | Materials science
Электротехниканың теориялық негіздері | Теоретические основы электротехники | Theoretical foundations of electrical engineering
Материалдар кедергісі | Сопротивление материалов | Strength of materials
Метрология, стандарттау және сертификаттау | Метрология, стандартизация и сертификация | Metrology, standardisation and certification
Электроника | Электроника | Electronics
Машина бөлшектері | Детали машин | Machine elements
Гидравлика | Гидравлика | Hydraulics
Жылутехника | Теплотехника | Heat engineering
Автоматты басқару теориясы | Теория автоматического управления | Automatic control theory
Компьютерлік жобалау (CAD) | Компьютерное проектирование (CAD) | Computer-aided design (CAD)
Өндірістік процестерді автоматтандыру | Автоматизация производственных процессов | Industrial process automation
Еңбекті қорғау | Охрана труда | Occupational safety
Инженерлік экономика | Инженерная экономика | Engineering economics
Жаңартылатын энергия көздері | Возобновляемые источники энергии | Renewable energy sources
Өндірісті ұйымдастыру | Организация производства | Production management
Техникалық диагностика | Техническая диагностика | Technical diagnostics
Электр машиналары | Электрические машины | Electrical machines
Релелік қорғау | Релейная защита | Relay protection
Энергия үнемдеу технологиялары | Энергосберегающие технологии | Energy-saving technologies
""",
    """
AutoCAD | AutoCAD | AutoCAD
SolidWorks | SolidWorks | SolidWorks
Компас-3D | Компас-3D | Kompas-3D
Сандық электроника | Цифровая электроника | Digital electronics
Өлшеу техникасы | Измерительная техника | Measurement technology
Электр материалтануы | Электроматериаловедение | Electrical materials science
Бағдарламаланатын логикалық контроллерлер | Программируемые логические контроллеры | Programmable logic controllers
Робототехника негіздері | Основы робототехники | Fundamentals of robotics
Мехатроника | Мехатроника | Mechatronics
Электрмен жабдықтау | Электроснабжение | Power supply
Электр станциялары мен қосалқы станциялар | Электрические станции и подстанции | Power plants and substations
Электр жетегі | Электропривод | Electric drives
Аддитивті технологиялар | Аддитивные технологии | Additive manufacturing
CNC станоктарын бағдарламалау | Программирование станков с ЧПУ | CNC machine programming
Дәнекерлеу технологиясы | Технология сварки | Welding technology
Smart Grid технологиялары | Технологии Smart Grid | Smart grid technologies
Өнеркәсіптік заттар интернеті | Промышленный интернет вещей | Industrial internet of things
Энергетикалық аудит | Энергетический аудит | Energy auditing
""",
)

_field(
    "bio",
    "lab",
    "bio",
    "biotech",
    """
Биологияға кіріспе | Введение в биологию | Introduction to biology
Жалпы химия | Общая химия | General chemistry
Ботаника | Ботаника | Botany
Зоология | Зоология | Zoology
Органикалық химия | Органическая химия | Organic chemistry
Цитология және гистология | Цитология и гистология | Cytology and histology
Биофизика | Биофизика | Biophysics
Биохимия | Биохимия | Biochemistry
Микробиология | Микробиология | Microbiology
Генетика | Генетика | Genetics
Адам және жануарлар физиологиясы | Физиология человека и животных | Human and animal physiology
Өсімдіктер физиологиясы | Физиология растений | Plant physiology
Молекулалық биология | Молекулярная биология | Molecular biology
Экология | Экология | Ecology
Эволюциялық ілім | Эволюционное учение | Evolutionary theory
Биостатистика | Биостатистика | Biostatistics
Иммунология | Иммунология | Immunology
Вирусология | Вирусология | Virology
Даму биологиясы | Биология развития | Developmental biology
Биоинформатика | Биоинформатика | Bioinformatics
Гендік инженерия | Генная инженерия | Genetic engineering
Қазақстанның биологиялық әртүрлілігі | Биоразнообразие Казахстана | Biodiversity of Kazakhstan
Биотехнология негіздері | Основы биотехнологии | Fundamentals of biotechnology
Гидробиология | Гидробиология | Hydrobiology
Антропология | Антропология | Anthropology
Биологияны оқыту әдістемесі | Методика преподавания биологии | Methods of teaching biology
""",
    """
Энтомология | Энтомология | Entomology
Микология | Микология | Mycology
Орнитология | Орнитология | Ornithology
Радиобиология | Радиобиология | Radiobiology
Токсикология | Токсикология | Toxicology
Фармакология негіздері | Основы фармакологии | Fundamentals of pharmacology
Жасушалық биотехнология | Клеточная биотехнология | Cell biotechnology
Өсімдіктер биотехнологиясы | Биотехнология растений | Plant biotechnology
Тағам биотехнологиясы | Пищевая биотехнология | Food biotechnology
Популяциялық генетика | Популяционная генетика | Population genetics
Эпигенетика | Эпигенетика | Epigenetics
Геномика | Геномика | Genomics
Қоршаған ортаны қорғау | Охрана окружающей среды | Environmental protection
Ландшафт экологиясы | Экология ландшафтов | Landscape ecology
Биомониторинг | Биомониторинг | Biomonitoring
Зертханалық биоқауіпсіздік | Лабораторная биобезопасность | Laboratory biosafety
Молекулалық диагностика | Молекулярная диагностика | Molecular diagnostics
Өнеркәсіптік микробиология | Промышленная микробиология | Industrial microbiology
""",
)

_field(
    "design",
    "lab",
    "design",
    "arts",
    """
Дизайнға кіріспе | Введение в дизайн | Introduction to design
Академиялық сурет | Академический рисунок | Academic drawing
Кескіндеме | Живопись | Painting
Композиция негіздері | Основы композиции | Fundamentals of composition
Түстану | Цветоведение | Colour theory
Өнер тарихы | История искусств | History of art
Сызба геометрия | Начертательная геометрия | Descriptive geometry
Дизайн тарихы | История дизайна | History of design
Графикалық дизайн | Графический дизайн | Graphic design
Типографика | Типографика | Typography
Компьютерлік графика (Adobe Photoshop, Illustrator) | Компьютерная графика (Adobe Photoshop, Illustrator) | Computer graphics (Adobe Photoshop, Illustrator)
Дизайн-жобалау | Дизайн-проектирование | Design project studio
Қазақ ою-өрнегі | Казахский орнамент | Kazakh ornament
Эргономика | Эргономика | Ergonomics
Макеттеу | Макетирование | Model making
Фотография | Фотография | Photography
Қаріп және каллиграфия | Шрифт и каллиграфия | Lettering and calligraphy
Орта дизайны | Дизайн среды | Environmental design
Интерфейс дизайны | Дизайн интерфейсов | Interface design
Өнеркәсіптік дизайн | Промышленный дизайн | Industrial design
Брендинг және фирмалық стиль | Брендинг и фирменный стиль | Branding and corporate identity
Иллюстрация | Иллюстрация | Illustration
3D-модельдеу | 3D-моделирование | 3D modelling
Моушн-дизайн | Моушн-дизайн | Motion design
Дизайндағы материалтану | Материаловедение в дизайне | Materials in design
Дизайн-менеджмент | Дизайн-менеджмент | Design management
""",
    """
Пластикалық анатомия | Пластическая анатомия | Anatomy for artists
Акварель | Акварель | Watercolour
Баспа графикасы | Печатная графика | Printmaking
Қазақтың сәндік-қолданбалы өнері | Казахское декоративно-прикладное искусство | Kazakh decorative and applied arts
Киіз басу өнері | Искусство войлоковаляния | Felt-making
Керамика | Керамика | Ceramics
Веб-дизайн | Веб-дизайн | Web design
Инфографика | Инфографика | Infographics
Қаптама дизайны | Дизайн упаковки | Packaging design
Интерьер дизайны | Дизайн интерьера | Interior design
Ландшафт дизайны | Ландшафтный дизайн | Landscape design
Көрме дизайны | Выставочный дизайн | Exhibition design
Анимация | Анимация | Animation
Ойын дизайны | Геймдизайн | Game design
Бейнемонтаж | Видеомонтаж | Video editing
Костюм дизайны | Дизайн костюма | Costume design
Жиһаз дизайны | Дизайн мебели | Furniture design
Жарнама дизайны | Рекламный дизайн | Advertising design
""",
)

_field(
    "it_master",
    "lab",
    "is",
    "is",
    """
Деректерді интеллектуалды талдау | Интеллектуальный анализ данных | Data mining
Ақпараттық жүйелердің заманауи архитектуралары | Современные архитектуры информационных систем | Modern information system architectures
Ақпараттық жүйелерді математикалық модельдеу | Математическое моделирование информационных систем | Mathematical modelling of information systems
Бағдарламалық инженериядағы ғылыми зерттеу әдістері | Методы научных исследований в программной инженерии | Research methods in software engineering
Үлестірілген және параллель есептеулер | Распределённые и параллельные вычисления | Distributed and parallel computing
Ақпараттық жүйелердің қауіпсіздігі | Безопасность информационных систем | Information systems security
Цифрлық трансформация | Цифровая трансформация | Digital transformation
""",
    """
Терең оқыту | Глубокое обучение | Deep learning
Кванттық есептеулер негіздері | Основы квантовых вычислений | Fundamentals of quantum computing
Ұсыным жүйелері | Рекомендательные системы | Recommender systems
Ақпараттық іздеу | Информационный поиск | Information retrieval
Киберфизикалық жүйелер | Киберфизические системы | Cyber-physical systems
Жоғары жүктемелі жүйелер | Высоконагруженные системы | High-load systems
Ғылыми есептеулер | Научные вычисления | Scientific computing
Криптографиялық хаттамалар | Криптографические протоколы | Cryptographic protocols
Деректерді визуализациялау | Визуализация данных | Data visualisation
""",
)

_field(
    "ped_master",
    "lecture",
    "ped",
    "ped",
    """
Білім беру әдіснамасы | Методология образования | Methodology of education
Педагогикалық инноватика | Педагогическая инноватика | Educational innovation
Білім берудегі менеджмент | Менеджмент в образовании | Management in education
Салыстырмалы білім беру саясаты | Сравнительная образовательная политика | Comparative education policy
Педагогикалық өлшемдер | Педагогические измерения | Educational measurement
Жоғары мектеп психологиясы | Психология высшей школы | Psychology of higher education
Білім беру сапасын қамтамасыз ету | Обеспечение качества образования | Quality assurance in education
""",
    """
Цифрлық педагогика | Цифровая педагогика | Digital pedagogy
Көптілді білім беру | Полиязычное образование | Multilingual education
Инклюзивті білім беру саясаты | Политика инклюзивного образования | Inclusive education policy
Білім берудегі психометрика | Психометрика в образовании | Psychometrics in education
Коучинг және менторлық | Коучинг и менторство | Coaching and mentoring
Тәрбие жұмысының заманауи технологиялары | Современные технологии воспитательной работы | Modern technologies of upbringing
Эксперименттік психология | Экспериментальная психология | Experimental psychology
Педагогикалық дизайн | Педагогический дизайн | Instructional design
Академиялық адалдық | Академическая честность | Academic integrity
""",
)

_field(
    "econ_master",
    "lecture",
    "econ",
    "econ",
    """
Микроэкономика (жетілдірілген деңгей) | Микроэкономика (продвинутый уровень) | Advanced microeconomics
Макроэкономика (жетілдірілген деңгей) | Макроэкономика (продвинутый уровень) | Advanced macroeconomics
Эконометрика (жетілдірілген деңгей) | Эконометрика (продвинутый уровень) | Advanced econometrics
Экономикалық саясат | Экономическая политика | Economic policy
Институционалдық экономика | Институциональная экономика | Institutional economics
Өңірлік экономика | Региональная экономика | Regional economics
Экономикадағы ғылыми зерттеу әдістері | Методы научных исследований в экономике | Research methods in economics
""",
    """
Даму экономикасы | Экономика развития | Development economics
Еңбек экономикасы | Экономика труда | Labour economics
Тұрақты даму экономикасы | Экономика устойчивого развития | Economics of sustainable development
Цифрлық экономика | Цифровая экономика | Digital economy
Халықаралық қаржы | Международные финансы | International finance
Энергетика экономикасы | Экономика энергетики | Energy economics
Ойындар теориясы | Теория игр | Game theory
Экономикалық болжау | Экономическое прогнозирование | Economic forecasting
Мемлекеттік-жекешелік әріптестік | Государственно-частное партнёрство | Public–private partnership
""",
)

_field(
    "it_doctorate",
    "research",
    "is",
    "is",
    """
Ақпараттық технологиялар саласындағы ғылыми зерттеулерді жоспарлау | Планирование научных исследований в области ИТ | Research planning in information technology
Компьютерлік ғылымдардың заманауи мәселелері | Современные проблемы компьютерных наук | Current problems of computer science
""",
    """
Жасанды интеллекттің заманауи әдістері | Современные методы искусственного интеллекта | Advanced methods of artificial intelligence
Күрделі жүйелерді модельдеу | Моделирование сложных систем | Modelling of complex systems
Деректер ғылымы (жетілдірілген курс) | Наука о данных (продвинутый курс) | Advanced data science
Бағдарламалық жүйелерді формалды верификациялау | Формальная верификация программных систем | Formal verification of software systems
Жоғары өнімді есептеулер | Высокопроизводительные вычисления | High-performance computing
Ақпараттық қауіпсіздіктің заманауи мәселелері | Современные проблемы информационной безопасности | Current problems of information security
""",
)

_field(
    "business",
    "lecture",
    "mba",
    "exec",
    """
Менеджерлерге арналған экономика | Экономика для менеджеров | Managerial economics
Басшыларға арналған қаржылық есеп | Финансовый учёт для руководителей | Financial accounting for managers
Ұйымдық мінез-құлық және көшбасшылық | Организационное поведение и лидерство | Organisational behaviour and leadership
Маркетинг-менеджмент | Маркетинг-менеджмент | Marketing management
Корпоративтік қаржы | Корпоративные финансы | Corporate finance
Операцияларды және жеткізу тізбектерін басқару | Управление операциями и цепями поставок | Operations and supply chain management
Бизнес-стратегия | Бизнес-стратегия | Business strategy
Шешім қабылдауға арналған бизнес-талдау | Бизнес-аналитика для принятия решений | Business analytics for decision making
Адами капиталды басқару | Управление человеческим капиталом | Human capital management
Бизнестегі құқық және этика | Право и этика в бизнесе | Business law and ethics
Цифрлық трансформация және инновациялар | Цифровая трансформация и инновации | Digital transformation and innovation
""",
    """
Келіссөздер жүргізу | Ведение переговоров | Negotiation
Кросс-мәдени менеджмент | Кросс-культурный менеджмент | Cross-cultural management
Корпоративтік басқару | Корпоративное управление | Corporate governance
Венчурлық қаржыландыру | Венчурное финансирование | Venture finance
Бірігу және жұтылу | Слияния и поглощения | Mergers and acquisitions
Тәуекел-менеджмент | Риск-менеджмент | Risk management
Жобалық менеджмент (PMBOK) | Проектный менеджмент (PMBOK) | Project management (PMBOK)
Сервис менеджменті | Менеджмент сервиса | Service management
Отбасылық бизнесті басқару | Управление семейным бизнесом | Family business management
ESG және тұрақты бизнес | ESG и устойчивый бизнес | ESG and sustainable business
Дағдарыстық коммуникациялар | Кризисные коммуникации | Crisis communication
Бизнестегі деректер ғылымы | Наука о данных в бизнесе | Data science for business
""",
)

_field(
    "dba",
    "research",
    "exec",
    "exec",
    """
Бизнес-зерттеулер әдіснамасы | Методология бизнес-исследований | Business research methodology
Басқарудың заманауи теориялары | Современные теории управления | Contemporary management theory
""",
    """
Сандық зерттеу әдістері | Количественные методы исследования | Quantitative research methods
Сапалық зерттеу әдістері | Качественные методы исследования | Qualitative research methods
Стратегиялық көшбасшылық | Стратегическое лидерство | Strategic leadership
Инновациялық экожүйелер | Инновационные экосистемы | Innovation ecosystems
Жаһандық бизнес-орта | Глобальная бизнес-среда | Global business environment
Ұйымдық өзгерістер және даму | Организационные изменения и развитие | Organisational change and development
""",
)


# --- Programs -------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramSpec:
    code: str
    direction: str  # classifier code (CLS-1)
    level: str
    department: str  # department key
    field: str  # FIELDS key
    names: Trilingual
    abbreviations: dict[str, str]  # group-code prefix per language of instruction
    languages: tuple[str, ...]  # languages of its groups
    weight: float  # relative size of one cohort
    online: bool = False
    # Disciplines of this program only; they take the last major slots.
    specific: tuple[Trilingual, ...] = ()


def _program(  # noqa: PLR0917 - positional: one catalogue row per call
    code: str,
    direction: str,
    level: str,
    department: str,
    field: str,
    names: str,
    abbreviations: str,
    languages: str,
    weight: float,
    *,
    online: bool = False,
    specific: str = "",
) -> ProgramSpec:
    langs = tuple(languages.split())
    abbr = dict(zip(("kk", "ru", "en"), abbreviations.split(), strict=True))
    return ProgramSpec(
        code,
        direction,
        level,
        department,
        field,
        tri(names),
        abbr,
        langs,
        weight,
        online,
        tri_lines(specific) if specific else (),
    )


PROGRAMS: tuple[ProgramSpec, ...] = (
    _program(
        "6B06101",
        "6B061",
        "bachelor",
        "is",
        "it",
        "Ақпараттық жүйелер | Информационные системы | Information systems",
        "АЖ ИС IS",
        "kk ru en",
        10,
    ),
    _program(
        "6B06102",
        "6B061",
        "bachelor",
        "cs",
        "it",
        "Есептеуіш техника және бағдарламалық қамтамасыз ету | Вычислительная техника и"
        " программное обеспечение | Computer engineering and software",
        "ЕТ ВТ CE",
        "kk ru",
        6,
        specific="""
Микропроцессорлық жүйелер | Микропроцессорные системы | Microprocessor systems
Ендірілген жүйелер | Встроенные системы | Embedded systems
Компиляторлар теориясы | Теория компиляторов | Compiler theory
""",
    ),
    _program(
        "6B06103",
        "6B061",
        "bachelor",
        "cs",
        "it",
        "Бағдарламалық инженерия | Программная инженерия | Software engineering",
        "БИ ПИ SE",
        "ru kk",
        4,
        online=True,
        specific="""
Бағдарламалық қамтамасыз етуге қойылатын талаптарды талдау | Анализ требований к программному обеспечению | Software requirements analysis
Бағдарламалық қамтамасыз етудің архитектурасы | Архитектура программного обеспечения | Software architecture
Икемді әзірлеу әдістемелері | Гибкие методологии разработки | Agile development methodologies
""",
    ),
    _program(
        "6B01101",
        "6B011",
        "bachelor",
        "ped",
        "ped",
        "Педагогика және психология | Педагогика и психология | Pedagogy and psychology",
        "ПП ПП PP",
        "kk ru",
        6,
    ),
    _program(
        "6B01102",
        "6B011",
        "bachelor",
        "socped",
        "ped",
        "Әлеуметтік педагогика және өзін-өзі тану | Социальная педагогика и самопознание"
        " | Social pedagogy and self-knowledge",
        "ӘП СП SP",
        "kk",
        3,
        specific="""
Әлеуметтік педагогика | Социальная педагогика | Social pedagogy
Әлеуметтік-педагогикалық жұмыс технологиялары | Технологии социально-педагогической работы | Technologies of social and educational work
Рухани-адамгершілік білім беру | Духовно-нравственное образование | Spiritual and moral education
""",
    ),
    _program(
        "6B04101",
        "6B041",
        "bachelor",
        "econ",
        "econ",
        "Экономика | Экономика | Economics",
        "ЭК ЭК EC",
        "kk ru",
        4,
    ),
    _program(
        "6B04102",
        "6B041",
        "bachelor",
        "mgmt",
        "econ",
        "Менеджмент | Менеджмент | Management",
        "МН МН MN",
        "kk ru",
        4,
        specific="""
Ұйымдық мінез-құлық | Организационное поведение | Organisational behaviour
Көшбасшылық | Лидерство | Leadership
Өзгерістерді басқару | Управление изменениями | Change management
""",
    ),
    _program(
        "6B04103",
        "6B041",
        "bachelor",
        "mgmt",
        "econ",
        "Есеп және аудит | Учёт и аудит | Accounting and audit",
        "ЕА УА AA",
        "kk ru",
        3,
        specific="""
Қаржылық есеп | Финансовый учёт | Financial accounting
Ішкі аудит | Внутренний аудит | Internal audit
Салықтық есеп | Налоговый учёт | Tax accounting
""",
    ),
    _program(
        "6B04104",
        "6B041",
        "bachelor",
        "econ",
        "econ",
        "Қаржы | Финансы | Finance",
        "ҚР ФН FN",
        "ru kk",
        3,
        online=True,
        specific="""
Банк ісі | Банковское дело | Banking
Корпоративтік қаржы | Корпоративные финансы | Corporate finance
Қаржылық тәуекелдерді басқару | Управление финансовыми рисками | Financial risk management
""",
    ),
    _program(
        "6B04201",
        "6B042",
        "bachelor",
        "law",
        "law",
        "Құқықтану | Юриспруденция | Law",
        "ҚҚ ЮР LW",
        "kk ru",
        6,
    ),
    _program(
        "6B04202",
        "6B042",
        "bachelor",
        "law",
        "law",
        "Халықаралық құқық | Международное право | International law",
        "ХҚ МП IL",
        "kk ru en",
        3,
        specific="""
Дипломатиялық және консулдық құқық | Дипломатическое и консульское право | Diplomatic and consular law
Халықаралық экономикалық құқық | Международное экономическое право | International economic law
Халықаралық гуманитарлық құқық | Международное гуманитарное право | International humanitarian law
""",
    ),
    _program(
        "6B07101",
        "6B071",
        "bachelor",
        "power",
        "eng",
        "Электр энергетикасы | Электроэнергетика | Electric power engineering",
        "ЭЭ ЭЭ EE",
        "kk ru",
        4,
    ),
    _program(
        "6B07102",
        "6B071",
        "bachelor",
        "mech",
        "eng",
        "Машина жасау | Машиностроение | Mechanical engineering",
        "МЖ МШ ME",
        "ru kk",
        3,
        specific="""
Машина жасау технологиясы | Технология машиностроения | Manufacturing engineering
Металл кесетін станоктар | Металлорежущие станки | Metal-cutting machine tools
Машиналарды құрастыру негіздері | Основы конструирования машин | Fundamentals of machine design
""",
    ),
    _program(
        "6B05101",
        "6B051",
        "bachelor",
        "bio",
        "bio",
        "Биология | Биология | Biology",
        "БЛ БЛ BL",
        "kk ru",
        3,
    ),
    _program(
        "6B05102",
        "6B051",
        "bachelor",
        "biotech",
        "bio",
        "Биотехнология | Биотехнология | Biotechnology",
        "БТ БТ BT",
        "kk ru",
        2,
        specific="""
Биотехнологияның процестері мен аппараттары | Процессы и аппараты биотехнологии | Biotechnological processes and equipment
Биореакторлар | Биореакторы | Bioreactors
Биотехнологиялық өнімнің сапасын бақылау | Контроль качества биотехнологической продукции | Quality control of biotechnological products
""",
    ),
    _program(
        "6B02101",
        "6B021",
        "bachelor",
        "design",
        "design",
        "Дизайн | Дизайн | Design",
        "ДЗ ДЗ DZ",
        "kk ru",
        2,
    ),
    _program(
        "7M06101",
        "7M061",
        "master",
        "is",
        "it_master",
        "Ақпараттық жүйелер | Информационные системы | Information systems",
        "МАЖ МИС MIS",
        "kk ru",
        2,
    ),
    _program(
        "7M01101",
        "7M011",
        "master",
        "ped",
        "ped_master",
        "Педагогика және психология | Педагогика и психология | Pedagogy and psychology",
        "МПП МПП MPP",
        "kk ru",
        2,
    ),
    _program(
        "7M04101",
        "7M041",
        "master",
        "econ",
        "econ_master",
        "Экономика | Экономика | Economics",
        "МЭК МЭК MEC",
        "ru kk",
        1.5,
    ),
    _program(
        "8D06101",
        "8D061",
        "doctorate",
        "is",
        "it_doctorate",
        "Ақпараттық жүйелер | Информационные системы | Information systems",
        "ДАЖ ДИС DIS",
        "kk ru",
        0.4,
    ),
    _program(
        "7M04102",
        "7M041",
        "mba",
        "mba",
        "business",
        "Іскерлік әкімшілендіру (MBA) | Деловое администрирование (MBA)"
        " | Master of Business Administration (MBA)",
        "MBA MBA MBA",
        "ru en",
        1.5,
    ),
    _program(
        "7M04103",
        "7M041",
        "emba",
        "exec",
        "business",
        "Басшыларға арналған іскерлік әкімшілендіру (Executive MBA) | Деловое"
        " администрирование для руководителей (Executive MBA) | Executive Master of"
        " Business Administration (EMBA)",
        "EMBA EMBA EMBA",
        "ru",
        1,
        online=True,
    ),
    _program(
        "8D04101",
        "8D041",
        "dba",
        "exec",
        "dba",
        "Іскерлік әкімшілендіру докторы (DBA) | Доктор делового администрирования (DBA)"
        " | Doctor of Business Administration (DBA)",
        "DBA DBA DBA",
        "ru en",
        0.3,
    ),
)

# Whose group the fixed `student` account is in, and so who `advisor`, `tutor`,
# `teacher`, `head` and `dean` are: the second-year Kazakh-language group of
# Information systems.
SHOWCASE_PROGRAM = "6B06101"
SHOWCASE_YEARS_SINCE_INTAKE = 1
SHOWCASE_LANGUAGE = "kk"

# Share of a program's students per language of instruction.
LANGUAGE_SHARE = {"kk": 0.62, "ru": 0.33, "en": 0.05}
