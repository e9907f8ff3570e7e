/* Name material for synthetic watchlists and queries (benchmarks and evaluation):
 * Central Asian, Slavic and Arabic names as they appear in ICAO Latin, with the
 * Cyrillic spelling where the benchmark needs lists in the original script. Drawn with
 * a skewed (Zipf-like) frequency so that many people share the common names, as on
 * real lists. Everything here is made up; no real list is copied. */
#ifndef SHEKARA_SYNTHETIC_NAMES_H
#define SHEKARA_SYNTHETIC_NAMES_H

/* Surname stems; the generator adds -OV/-EV/-OVA/-EVA, -ULY, -ZADA or nothing. */
static const char *const syn_surname_stems[] = {
	"ABDULL",    "ALIM",     "AHMED",       "AZIZ",      "BAKIR",     "BEK",     "DJALIL",
	"ERGASH",    "FAYZULL",  "GAFUR",       "HALIM",     "HAMID",     "IBRAGIM", "ISMAIL",
	"JUMAB",     "KARIM",    "KASYM",       "KHALIL",    "KHODJA",    "KURBAN",  "MAMAD",
	"MIRZO",     "MUKHAMED", "MURAT",       "NAZAR",     "NURMAN",    "ORAZ",    "RAKHIM",
	"RASHID",    "RUSTAM",   "SADYK",       "SAIDOV",    "SALIM",     "SHARIP",  "SULEIMAN",
	"TASHKENB",  "TURSUN",   "UMAR",        "USMAN",     "YUSUP",     "YULDASH", "ZAKIR",
	"ZHANYBEK",  "ZHUMAB",   "BAIMUKHAMED", "IVAN",      "PETR",      "SIDOR",   "SMIRN",
	"KUZNETS",   "POPOV",    "SOKOL",       "LEBED",     "KOZL",      "NOVIK",   "MOROZ",
	"VOLK",      "ALEKSE",   "ROMAN",       "SERGE",     "ANDRE",     "NIKOLA",  "PAVL",
	"FEDOR",     "KOVAL",    "TKACHENK",    "SHEVCHENK", "BONDARENK", "MELNIK",  "BOIK",
	"KRAVCHENK", "OLEINIK",  "LYSENK",      "BAGHDAD",   "HASHIM",    "QURESH",  "MANSUR",
	"SHAMS",     "NASR",     "HADDAD",      "SAYED",     "TAHIR",     "FAROUK",  "OTHMAN",
	"JABBAR",    "KHATIB",   "MASRI",       "NOURI",     "DARWISH",   "SULTAN",  "YASIN",
	"AMIN",      "BASHIR",   "HAKIM",       "ISSA",      "KAMAL",     "LATIF",   "MAHMUD",
	"NABI",      "QADIR",    "RAHMAN",      "SHARIF",    "WAHID",     "ZAID",    "ABBAS",
	"HUSSEIN",   "ASHRAF",   "BADR",        "DAOUD",     "FAWZ",      "GHAZI",   "ORMON",
	"TOKTOGUL",  "DUISEN",   "ESENGUL",     "KADYR",     "KENZHE",    "MAMYR",   "OMUR",
	"SABYR",     "TYNYB",    "ZHOLDOSH",    "ASAN",      "USEN",      "BOLOT",   "EMIL",
	"ISKAND",    "JAMSHED",  "DAVLAT",      "FARRUKH",   "SHUKHRAT",  "BAHODIR", "ODIL",
	"SANJAR",    "TIMUR",    "ULUGB",       "ZAFAR",     "AKMAL",
};

static const char *const syn_given_names[] = {
	"MUHAMMAD",  "ALI",     "AHMAD",  "OMAR",    "YUSUF",    "IBRAHIM",   "ABDULLAH",
	"HASAN",     "HUSSEIN", "MAHMUD", "KHALID",  "SAID",     "RASHID",    "FARID",
	"JAMAL",     "KARIM",   "NABIL",  "SAMIR",   "TARIQ",    "ZIYAD",     "ALISHER",
	"BAKHTIYOR", "DILSHOD", "ELDOR",  "FARRUKH", "GULMUROD", "JAMSHID",   "KAMOLIDDIN",
	"MIRZO",     "NODIR",   "OYBEK",  "RUSTAM",  "SARDOR",   "SHERZOD",   "TIMUR",
	"ULUGBEK",   "ZAFAR",   "AZAMAT", "BAKYT",   "DANIYAR",  "ERLAN",     "KAIRAT",
	"MARAT",     "NURLAN",  "SERIK",  "TALGAT",  "YERLAN",   "ZHANIBEK",  "AIBEK",
	"ALMAZ",     "BOLOT",   "ULAN",   "TILEK",   "NURBEK",   "IVAN",      "SERGEI",
	"ALEKSANDR", "DMITRII", "ANDREI", "ALEKSEI", "MIKHAIL",  "NIKOLAI",   "VLADIMIR",
	"YURII",     "PAVEL",   "OLEG",   "IGOR",    "VIKTOR",   "ROMAN",     "DILNOZA",
	"GULNARA",   "MADINA",  "AIGUL",  "ZARINA",  "NIGORA",   "SHAKHNOZA", "FERUZA",
	"MALIKA",    "NARGIZA", "OLGA",   "TATIANA", "IRINA",    "ELENA",     "NATALIA",
	"SVETLANA",  "AISHA",   "FATIMA", "MARYAM",  "ZAINAB",   "KHADIJA",   "LAILA",
	"NADIA",     "SALMA",   "HUDA",   "AMINA",   "ASEL",     "AIZADA",    "GULZAT",
};

/* Russian Cyrillic of some of the stems above, for lists written in the original script */
static const char *const syn_cyrillic_pairs[][2] = {
	{ "ABDULLAEV", "АБДУЛЛАЕВ" },  { "ALIMOV", "АЛИМОВ" },      { "KHALIMOV", "ХАЛИМОВ" },
	{ "YUSUPOV", "ЮСУПОВ" },       { "YULDASHEV", "ЮЛДАШЕВ" },  { "ZHANYBEKOV", "ЖАНЫБЕКОВ" },
	{ "ZHUMABAEV", "ЖУМАБАЕВ" },   { "KHODJAEV", "ХОДЖАЕВ" },   { "SHARIPOV", "ШАРИПОВ" },
	{ "IVANOV", "ИВАНОВ" },        { "KUZNETSOV", "КУЗНЕЦОВ" }, { "TKACHENKO", "ТКАЧЕНКО" },
	{ "SHEVCHENKO", "ШЕВЧЕНКО" },  { "RAKHIMOV", "РАХИМОВ" },   { "TURSUNOV", "ТУРСУНОВ" },
	{ "MUKHAMEDOV", "МУХАМЕДОВ" }, { "KASYMOV", "КАСЫМОВ" },    { "ORMONOV", "ОРМОНОВ" },
	{ "GULMUROD", "ГУЛМУРОД" },    { "DILNOZA", "ДИЛНОЗА" },    { "ZHANIBEK", "ЖАНИБЕК" },
	{ "YURII", "ЮРИЙ" },           { "SERGEI", "СЕРГЕЙ" },      { "TATIANA", "ТАТЬЯНА" },
};

#define SYN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
