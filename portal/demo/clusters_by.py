"""Demo clusters in Belarus (DESIGN 7). Vitebsk (BY-VI) borders Pskov and Smolensk. Every
organisation below is fictional."""

from portal.demo.catalogue import (
    ACADEMIA,
    BUSINESS,
    DEVELOPMENT,
    ENTERPRISE,
    GOVERNMENT,
    INTERMEDIARY,
    PUBLIC,
    RESEARCH,
    UNIVERSITY,
    DemoCluster,
)
from portal.demo.catalogue import DemoOrganisation as Org

PHARMA = "pharmaceuticals_biotech_medical"
CHEMISTRY = "chemistry_petrochemistry"
MATERIALS = "new_materials"
IT = "it_electronics"
LOGISTICS = "logistics"
AGRO = "agro_food"

VITEBSK = DemoCluster(
    key="vitebsk", region="BY-VI", language="ru",
    name="Витебский кластер «Медицина и фармация» (demo)",
    description="Демонстрационный кластер, вдохновлённый реальным региональным кластером "
                "медицины и фармации Витебской области, созданным в 2015 году во главе с "
                "медицинским университетом. Все организации вымышлены.",
    fields=(PHARMA,), founded_year=2015,
    members=(
        Org("Двинский государственный медицинский университет", UNIVERSITY, "BY-VI", ACADEMIA,
            "85.42", (PHARMA,), "ru",
            "Медицинский университет, возглавляющий кластер; имеет центр клинических "
            "исследований и опытное фармацевтическое производство.",
            ("Клинические исследования I–III фаз и исследования биоэквивалентности",
             "Подготовка провизоров и клинических фармакологов"),
            ("Производители для внедрения разработок университета",)),
        Org("SterilLine Vitebsk", ENTERPRISE, "BY-VI", BUSINESS, "82.99", (PHARMA,), "en",
            "A contract sterilisation centre for medical-device makers on both sides of the "
            "Belarus-Russia border.",
            ("Contract ethylene-oxide sterilisation of medical devices with validation to "
             "ISO 11135",
             "Sterility testing of medical devices"),
            ("Medical-device makers in the Smolensk and Pskov regions as customers",)),
        Org("СООО «Двина Фарм»", ENTERPRISE, "BY-VI", BUSINESS, "21.20", (PHARMA,), "ru",
            "Производит мягкие лекарственные формы.",
            ("Мази, гели и суппозитории по контракту",),
            ("Фармацевтические субстанции из России и Казахстана",)),
        Org("ООО «Полоцкие медицинские изделия»", ENTERPRISE, "BY-VI", BUSINESS, "32.50",
            (PHARMA, MATERIALS), "ru",
            "Выпускает перевязочные материалы и изделия из нетканых материалов.",
            ("Перевязочные материалы и медицинские изделия из нетканых материалов",),
            ("Полипропиленовое волокно для нетканых материалов",)),
        Org("ООО «Оршанская биотехнология»", ENTERPRISE, "BY-VI", BUSINESS, "21.10", (PHARMA,),
            "ru", "Производит ферментные субстанции для медицины.",
            ("Ферментные фармацевтические субстанции",)),
        Org("ЧУП «ВитМедЛогистик»", ENTERPRISE, "BY-VI", BUSINESS, "52.10", (LOGISTICS, PHARMA),
            "ru", "Логистический оператор фармацевтических грузов на границе с Россией.",
            ("Таможенный склад и доставка лекарств в Россию",)),
        Org("ООО «Новополоцк ФармХим»", ENTERPRISE, "BY-VI", BUSINESS, "20.14",
            (CHEMISTRY, PHARMA), "ru",
            "Производит фармацевтические растворители и вспомогательные вещества.",
            ("Фармацевтические растворители и вспомогательные вещества",)),
        Org("Научно-практический центр кардиологии «Двина»", RESEARCH, "BY-VI", ACADEMIA, "86.10",
            (PHARMA,), "ru", "Кардиологический центр с отделом клинических исследований.",
            ("Клиническая база для исследований сердечно-сосудистых препаратов",)),
        Org("Институт биохимии и фармакологии Поозерья", RESEARCH, "BY-VI", ACADEMIA, "72.19",
            (PHARMA,), "ru", "Научный институт доклинических исследований.",
            ("Доклинические исследования лекарственных средств",)),
        Org("Агентство регионального развития «Витебск-Инвест»", GOVERNMENT, "BY-VI", PUBLIC,
            "84.13", (PHARMA, LOGISTICS), "ru",
            "Региональное агентство, сопровождающее инвестиционные проекты в области.",
            ("Сопровождение инвесторов и приграничных проектов с Россией",)),
    ),
)

MINSK = DemoCluster(
    key="minsk", region="BY-HM", language="ru",
    name="Минский биотехнологический кластер (demo)",
    description="Демонстрационный кластер, вдохновлённый биотехнологическими организациями "
                "Минска. Все организации вымышлены.",
    fields=(PHARMA, AGRO),
    members=(
        Org("Ассоциация «БиоМинск»", DEVELOPMENT, "BY-HM", INTERMEDIARY, "94.11", (PHARMA,), "ru",
            "Управляющая организация биотехнологического кластера Минска.",
            ("Организация стажировок и обмена специалистами-биотехнологами",),
            ("Партнёры в России и Казахстане для программы трёх государств",)),
        Org("Svislach Biotech LLC", ENTERPRISE, "BY-HM", BUSINESS, "21.20", (PHARMA,), "en",
            "A biotech company making recombinant proteins.",
            ("Recombinant proteins and reference standards for biosimilar development",),
            ("Partners for technology transfer to Kazakhstan",)),
        Org("ООО «ДиаГен Минск»", ENTERPRISE, "BY-HM", BUSINESS, "21.20", (PHARMA, AGRO), "ru",
            "Разрабатывает тест-системы для медицины и ветеринарии.",
            ("ПЦР-тест-системы для медицины и ветеринарии",),
            ("Дистрибьюторы в Армении и Кыргызстане",)),
        Org("ООО «Пробиотика Бел»", ENTERPRISE, "BY-HM", BUSINESS, "10.89", (AGRO, PHARMA), "ru",
            "Производит пробиотики и заквасочные культуры.",
            ("Пробиотические штаммы и заквасочные культуры",),
            ("Молочная сыворотка как сырьё для ферментации",
             "Пробиотические штаммы и контрактная ферментация")),
        Org("ООО «ФерментТех»", ENTERPRISE, "BY-MI", BUSINESS, "20.59", (CHEMISTRY, AGRO), "ru",
            "Производит промышленные ферменты.",
            ("Промышленные ферменты для пищевой и кормовой промышленности",)),
        Org("BioInform Minsk LLC", ENTERPRISE, "BY-HM", BUSINESS, "62.01", (IT, PHARMA), "en",
            "A software company for laboratories and hospitals.",
            ("Laboratory information management systems (LIMS)",
             "Machine-learning analysis of medical images"),
            ("Clinical partners to validate diagnostic software",)),
        Org("Институт прикладной биотехнологии «Лошица»", RESEARCH, "BY-HM", ACADEMIA, "72.11",
            (PHARMA, AGRO), "ru", "Научный институт промышленной микробиологии.",
            ("Коллекция промышленных штаммов микроорганизмов",
             "Масштабирование ферментации до 1000 л")),
        Org("Минский университет биомедицинских наук", UNIVERSITY, "BY-HM", ACADEMIA, "85.42",
            (PHARMA,), "ru", "Вуз, готовящий биотехнологов и биоинженеров.",
            ("Подготовка биотехнологов", "Совместные магистерские программы"),
            ("Партнёрские университеты в Армении и Казахстане",)),
    ),
)

CLUSTERS = (VITEBSK, MINSK)
