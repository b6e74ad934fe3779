"""Demo clusters in Kazakhstan (DESIGN 7). Karaganda (KZ-35) borders no member state; Pavlodar
(KZ-55) borders Altai Krai, Novosibirsk and Omsk. Every organisation below is fictional."""

from portal.demo.catalogue import (
    ACADEMIA,
    BUSINESS,
    DEVELOPMENT,
    ENTERPRISE,
    INTERMEDIARY,
    RESEARCH,
    UNIVERSITY,
    DemoCluster,
)
from portal.demo.catalogue import DemoOrganisation as Org

PHARMA = "pharmaceuticals_biotech_medical"
CHEMISTRY = "chemistry_petrochemistry"
MATERIALS = "new_materials"
LOGISTICS = "logistics"
AGRO = "agro_food"
MINING = "mining_metallurgy"

KARAGANDA = DemoCluster(
    key="karaganda", region="KZ-35", language="ru",
    name="Карагандинский фармацевтический кластер (demo)",
    description="Демонстрационный кластер, вдохновлённый реальным фармацевтическим кластером "
                "Карагандинской области. Все организации вымышлены.",
    fields=(PHARMA, CHEMISTRY),
    members=(
        Org("Ассоциация «Сарыарка Фарм»", DEVELOPMENT, "KZ-35", INTERMEDIARY, "94.11", (PHARMA,),
            "ru", "Управляющая организация кластера фармацевтических предприятий Центрального "
                  "Казахстана.",
            ("Сопровождение экспорта лекарственных средств в страны ЕАЭС",),
            ("Партнёрские кластеры в России для совместной программы по фармсубстанциям",)),
        Org("ТОО «Нура Фитохим»", ENTERPRISE, "KZ-35", BUSINESS, "21.10", (PHARMA, CHEMISTRY), "ru",
            "Производит фармацевтические субстанции из растительного сырья Сарыарки.",
            ("Фармацевтические субстанции растительного происхождения по GMP с регистрационным "
             "досье",),
            ("Покупатели фармацевтических субстанций в России и Беларуси",)),
        Org("ТОО «Темиртау Инфузия»", ENTERPRISE, "KZ-35", BUSINESS, "21.20", (PHARMA,), "ru",
            "Выпускает инфузионные растворы в стеклянных флаконах для больниц региона.",
            ("Инфузионные растворы в стеклянных флаконах",),
            ("Технология производства инфузионных растворов в полимерных контейнерах",)),
        Org("ТОО «Караганды МедСнаб»", ENTERPRISE, "KZ-35", BUSINESS, "46.46", (PHARMA, LOGISTICS),
            "ru", "Фармацевтический дистрибьютор Центрального Казахстана.",
            ("Дистрибуция лекарственных средств в Центральном Казахстане",),
            ("Производители дженериков из России и Беларуси для поставок в Казахстан",)),
        Org("ТОО «Таразская агробиотехнология»", ENTERPRISE, "KZ-31", BUSINESS, "01.28",
            (AGRO, PHARMA), "ru",
            "Выращивает лекарственные и технические культуры на орошаемых землях Жамбылской "
            "области.",
            ("Лекарственное растительное сырьё: солодка, ромашка, календула",),
            ("Биоудобрения и биостимуляторы для лекарственных культур и сахарной свёклы",
             "Семенной материал лекарственных культур")),
        Org("Esil Pharm Analytics LLP", ENTERPRISE, "KZ-11", BUSINESS, "71.20", (PHARMA,), "en",
            "An independent laboratory serving pharmaceutical plants in central Kazakhstan.",
            ("GMP audits and quality control testing of medicines",),
            ("Reference standards for pharmacopoeial testing",)),
        Org("Сарыаркинский медицинский университет", UNIVERSITY, "KZ-35", ACADEMIA, "85.42",
            (PHARMA,), "ru", "Медицинский вуз с центром клинических исследований.",
            ("Клинические исследования и фармаконадзор", "Подготовка провизоров")),
        Org("Институт фитохимии Центрального Казахстана", RESEARCH, "KZ-35", ACADEMIA, "72.19",
            (PHARMA, CHEMISTRY), "ru",
            "Научный институт химии природных соединений.",
            ("Выделение и идентификация природных биологически активных соединений",),
            ("Партнёры для доклинических исследований",)),
    ),
)

SHYMKENT = DemoCluster(
    key="shymkent", region="KZ-79", language="ru",
    name="Фармацевтический кластер Южного Казахстана (demo)",
    description="Демонстрационный кластер, вдохновлённый реальным фармацевтическим кластером "
                "Южного Казахстана (бронзовый знак ESCA, 2019). Все организации вымышлены.",
    fields=(PHARMA,), quality_label="ESCA Bronze (2019)",
    members=(
        Org("Ассоциация «Шымкент Фарм Альянс»", DEVELOPMENT, "KZ-79", INTERMEDIARY, "94.11",
            (PHARMA,), "ru", "Управляющая организация фармацевтического кластера юга Казахстана.",
            ("Организация совместной сертификации производств по GMP",),
            ("Партнёры в России и Беларуси для программы трёх государств",)),
        Org("ТОО «Оңтүстік Дәрі»", ENTERPRISE, "KZ-79", BUSINESS, "21.20", (PHARMA,), "ru",
            "Производитель педиатрических лекарственных форм: таблеток и сиропов.",
            ("Таблетки и сиропы для педиатрии",),
            ("Технология производства инфузионных растворов",
             "Рекомбинантные белки для разработки биоаналогов")),
        Org("ТОО «Шымкент Ампула»", ENTERPRISE, "KZ-79", BUSINESS, "21.20", (PHARMA,), "ru",
            "Выпускает ампульные инъекционные растворы.",
            ("Ампульные инъекционные растворы",),
            ("Ампулы из медицинского стекла",)),
        Org("ТОО «Сайрам Фитосырьё»", ENTERPRISE, "KZ-61", BUSINESS, "01.28", (AGRO, PHARMA), "ru",
            "Заготавливает и выращивает лекарственное растительное сырьё.",
            ("Лекарственное растительное сырьё: корень солодки, полынь",)),
        Org("Turan BioLab LLP", ENTERPRISE, "KZ-79", BUSINESS, "21.20", (PHARMA, AGRO), "en",
            "A biotech company producing probiotics for people and livestock.",
            ("Probiotic strains and contract fermentation services",),
            ("Lyophilisation equipment", "Partners for veterinary probiotic registration")),
        Org("ТОО «Южфармупак»", ENTERPRISE, "KZ-79", BUSINESS, "22.22", (PHARMA, MATERIALS), "ru",
            "Производит упаковочные материалы для фармацевтики.",
            ("Блистерная фольга и ПВХ-плёнка",)),
        Org("Silk Way Pharma Logistics LLP", ENTERPRISE, "KZ-79", BUSINESS, "52.10",
            (LOGISTICS, PHARMA), "en",
            "A bonded pharmaceutical warehouse on the Shymkent-Tashkent corridor.",
            ("Customs-bonded pharmaceutical warehousing and distribution",)),
        Org("Шымкентский университет фармации", UNIVERSITY, "KZ-79", ACADEMIA, "85.42", (PHARMA,),
            "ru", "Вуз, готовящий провизоров и технологов для фармацевтической отрасли.",
            ("Подготовка провизоров и технологов",),
            ("Партнёрские университеты в России и Армении",)),
        Org("Институт лекарственных растений Каратау", RESEARCH, "KZ-61", ACADEMIA, "72.19",
            (PHARMA, AGRO), "ru", "Научный институт лекарственных растений юга Казахстана.",
            ("Интродукция и стандартизация лекарственных растений",)),
        Org("Индустриальная зона «Бадам Фарм»", DEVELOPMENT, "KZ-79", INTERMEDIARY, "68.20",
            (PHARMA, LOGISTICS), "ru",
            "Оператор индустриальной зоны с подготовленными площадками для фармпроизводств.",
            ("Площадки с инженерной инфраструктурой для фармацевтических производств",)),
    ),
)

PAVLODAR = DemoCluster(
    key="pavlodar", region="KZ-55", language="ru",
    name="Павлодарский химический кластер (demo)",
    description="Демонстрационный кластер химической промышленности Павлодарской области, "
                "вдохновлённый реальными предприятиями региона. Все организации вымышлены.",
    fields=(CHEMISTRY, MATERIALS),
    members=(
        Org("Ассоциация «Ертіс Химия»", DEVELOPMENT, "KZ-55", INTERMEDIARY, "94.11", (CHEMISTRY,),
            "ru", "Управляющая организация химического кластера Прииртышья.",
            ("Поиск покупателей химической продукции в приграничных регионах России",)),
        Org("Ertis Chlor LLP", ENTERPRISE, "KZ-55", BUSINESS, "20.13", (CHEMISTRY,), "en",
            "A chlor-alkali producer on the Irtysh.",
            ("Pharmaceutical-grade caustic soda and hydrochloric acid in bulk",
             "Liquid chlorine and sodium hypochlorite"),
            ("Customers in Altai Krai and Novosibirsk for chlor-alkali products",)),
        Org("ТОО «Павлодар Полимер»", ENTERPRISE, "KZ-55", BUSINESS, "20.16",
            (CHEMISTRY, MATERIALS), "ru", "Производит полипропилен из нефтехимического сырья.",
            ("Полипропилен медицинского назначения и для упаковки",),
            ("Производители медицинских изделий как покупатели полимеров",)),
        Org("ТОО «Экибастуз Сорбент»", ENTERPRISE, "KZ-55", BUSINESS, "20.59",
            (CHEMISTRY, MINING), "ru", "Производит активированный уголь из местного угля.",
            ("Активированный уголь для фармацевтики и водоочистки",)),
        Org("ТОО «Семей Биохим»", ENTERPRISE, "KZ-10", BUSINESS, "20.14", (CHEMISTRY, AGRO), "ru",
            "Производит этиловый спирт и органические растворители из зерна.",
            ("Этиловый спирт фармакопейного качества и органические растворители",),
            ("Фуражное зерно",)),
        Org("Иртышский инженерно-химический университет", UNIVERSITY, "KZ-55", ACADEMIA, "85.42",
            (CHEMISTRY,), "ru", "Технический вуз с опытно-промышленной базой.",
            ("Пилотные испытания химико-технологических процессов",),
            ("Промышленные партнёры для практики студентов",)),
    ),
)

CLUSTERS = (KARAGANDA, SHYMKENT, PAVLODAR)
