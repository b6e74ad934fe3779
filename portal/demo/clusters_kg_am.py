"""Demo clusters in Kyrgyzstan and Armenia (DESIGN 7). Chüy (KG-C) borders Almaty Region and
Jambyl in Kazakhstan; Armenia borders no other member state, so its partnerships are always
transnational. Every organisation below is fictional."""

from portal.demo.catalogue import (
    ACADEMIA,
    BUSINESS,
    DEVELOPMENT,
    ENTERPRISE,
    FINANCIAL,
    INTERMEDIARY,
    RESEARCH,
    DemoCluster,
)
from portal.demo.catalogue import DemoOrganisation as Org

PHARMA = "pharmaceuticals_biotech_medical"
NUCLEAR = "nuclear_radiation"
CHEMISTRY = "chemistry_petrochemistry"
IT = "it_electronics"
LOGISTICS = "logistics"
AGRO = "agro_food"

CHUY = DemoCluster(
    key="chuy", region="KG-C", language="ru",
    name="Агробиотехнологический кластер Чуйской долины (demo)",
    description="Демонстрационный кластер агробиотехнологий Чуйской области, вдохновлённый "
                "реальными инициативами региона. Все организации вымышлены.",
    fields=(AGRO, PHARMA),
    members=(
        Org("Ассоциация «Чүй АгроБио»", DEVELOPMENT, "KG-C", INTERMEDIARY, "94.11", (AGRO,), "ru",
            "Управляющая организация кластера агробиотехнологий Чуйской долины.",
            ("Организация полевых демонстраций биопрепаратов для фермеров",),
            ("Партнёры в Жамбылской и Алматинской областях Казахстана",)),
        Org("Ala-Too Biofertilisers LLC", ENTERPRISE, "KG-C", BUSINESS, "20.15",
            (AGRO, CHEMISTRY), "en",
            "A maker of microbial fertilisers for farms in Kyrgyzstan and southern Kazakhstan.",
            ("Microbial biofertilisers and biostimulants for sugar beet, grain and medicinal "
             "crops",),
            ("Field-trial partners in southern Kazakhstan",)),
        Org("ОсОО «Кемин Вет Вакцина»", ENTERPRISE, "KG-C", BUSINESS, "21.20", (PHARMA, AGRO),
            "ru", "Производит ветеринарные вакцины для мелкого рогатого скота.",
            ("Ветеринарные вакцины для овец и коз",),
            ("Производственные штаммы и технологии производства вакцин",)),
        Org("ОсОО «Токмок Сүт Культура»", ENTERPRISE, "KG-C", BUSINESS, "10.89", (AGRO,), "ru",
            "Производит закваски для кисломолочных продуктов и кумыса.",
            ("Закваски для кисломолочных продуктов и кумыса",),
            ("Лабораторные ферментёры",
             "Пробиотические штаммы для заквасок и кумыса")),
        Org("ОсОО «Бишкек АгроЛаб»", ENTERPRISE, "KG-GB", BUSINESS, "71.20", (AGRO,), "ru",
            "Испытательная лаборатория семян, почв и кормов.",
            ("Испытания семян, почв и кормов",)),
        Org("Институт агробиотехнологий Чуйской долины", RESEARCH, "KG-C", ACADEMIA, "72.11",
            (AGRO, PHARMA), "ru", "Научный институт почвенной микробиологии и селекции.",
            ("Штаммы почвенных микроорганизмов для биоудобрений",),
            ("Оборудование для секвенирования",)),
    ),
)

YEREVAN = DemoCluster(
    key="yerevan", region="AM-ER", language="en",
    name="Yerevan pharma and biotech cluster (demo)",
    description="A demo cluster inspired by the pharmaceutical and biotechnology companies of "
                "Yerevan. Every organisation in it is fictional.",
    fields=(PHARMA, NUCLEAR),
    members=(
        Org("Ararat Valley Life Sciences Association", DEVELOPMENT, "AM-ER", INTERMEDIARY, "94.11",
            (PHARMA,), "en", "The management organisation of the cluster.",
            ("Matchmaking with Armenian pharmaceutical and biotech companies",),
            ("Partner clusters in Russia and Belarus for joint programmes",)),
        Org("Hrazdan Isotopes CJSC", ENTERPRISE, "AM-ER", BUSINESS, "21.20", (PHARMA, NUCLEAR),
            "en", "A cyclotron facility producing PET radiopharmaceuticals.",
            ("Cyclotron production of fluorine-18 PET radiopharmaceuticals",
             "Clinical-grade PET tracers and radiochemistry quality control"),
            ("A partner manufacturer for GMP scale-up of new PET tracers",)),
        Org("Erebuni Generics LLC", ENTERPRISE, "AM-ER", BUSINESS, "21.20", (PHARMA,), "en",
            "A maker of generic tablets for export.",
            ("Generic oral solid dosage forms for export to the EAEU",),
            ("Registration support in Russia and Kazakhstan",
             "Active pharmaceutical ingredients from EAEU suppliers",
             "Contract synthesis of active pharmaceutical ingredients")),
        Org("Kotayk BioFerment CJSC", ENTERPRISE, "AM-KT", BUSINESS, "21.10", (PHARMA,), "en",
            "A fermentation plant for pharmaceutical ingredients.",
            ("Microbial fermentation services up to 5,000 litres",)),
        Org("Arabkir Medical Devices LLC", ENTERPRISE, "AM-ER", BUSINESS, "32.50", (PHARMA,), "en",
            "A maker of dental implants and instruments.",
            ("Dental implants and surgical instruments",),
            ("Contract ethylene-oxide sterilisation of medical devices",)),
        Org("ООО «Масис Фарм Логистик»", ENTERPRISE, "AM-AR", BUSINESS, "52.10",
            (LOGISTICS, PHARMA), "ru",
            "Склад с контролируемой температурой и таможенное оформление фармацевтических грузов.",
            ("Хранение лекарств при контролируемой температуре и таможенное оформление в ЕАЭС",)),
        Org("Yerevan Institute of Molecular Pharmacology", RESEARCH, "AM-ER", ACADEMIA, "72.19",
            (PHARMA, IT), "en", "A research institute in medicinal chemistry.",
            ("Medicinal chemistry and preclinical pharmacology",),
            ("Industrial partners for lead optimisation",)),
        Org("Ararat Seed Fund for Life Sciences", FINANCIAL, "AM-ER", INTERMEDIARY, "64.30",
            (PHARMA,), "en", "A seed investor in biotech start-ups.",
            ("Seed investment for biotech start-ups",),
            ("Co-investors from EAEU development institutions",)),
    ),
)

CLUSTERS = (CHUY, YEREVAN)
