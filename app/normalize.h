/* Names made comparable across scripts and romanisations, for watchlist screening.
 *
 * A traveller's document gives ICAO Latin (MRZ, A-Z); watchlists give Latin with
 * diacritics, Cyrillic (Russian, Kazakh, Kyrgyz, Uzbek, Tajik) or Arabic script, each
 * in whatever spelling the listing authority used. norm_name() turns any of them into
 * upper-case A-Z tokens; norm_canonical() folds the spelling variants of a token into
 * one form; norm_skeleton() gives the index key; norm_similarity() scores two tokens.
 *
 * Screening must never miss a listed person because a name was romanised differently:
 * where a rule has to choose, it errs towards a match and leaves the decision to the
 * officer. Everything here is plain data; no call returns memory to free. */
#ifndef SHEKARA_NORMALIZE_H
#define SHEKARA_NORMALIZE_H

#include <stddef.h>

enum { NORM_MAX_TOKENS = 12, NORM_TOKEN_MAX = 32, NORM_KEY_MAX = 7 };

/* Which rules turned the input into a token. struct norm_name.translit is the union
 * over the tokens; rules[i] is the set for token i. The first three are the scripts. */
enum {
	NORM_CYRILLIC = 1,      /* ICAO Doc 9303 Part 3 Cyrillic table */
	NORM_ARABIC = 2,        /* Arabic script, consonant-based (short vowels unwritten) */
	NORM_LATIN_MARKS = 4,   /* Latin letters with their diacritics removed */
	NORM_CENTRAL_ASIAN = 8, /* Kazakh, Kyrgyz, Uzbek, Tajik Cyrillic letters */
	NORM_LATIN_LETTER = 16, /* a Latin letter without decomposition (Ł, Đ, ß, Æ, Ə...) */
	NORM_APOSTROPHE = 32,   /* an apostrophe inside the name dropped (O'G'LI, D'ARTAGNAN) */
	NORM_COMPOUND = 64,     /* ABD + (article +) name joined into one token */
	NORM_UNREADABLE = 128   /* letters of a script this module does not read were dropped */
};

struct norm_name {
	int n;                                       /* tokens, in order of appearance */
	char token[NORM_MAX_TOKENS][NORM_TOKEN_MAX]; /* upper-case A-Z only, never empty */
	unsigned char particle[NORM_MAX_TOKENS];     /* 1: see norm_is_particle() */
	unsigned short rules[NORM_MAX_TOKENS];       /* NORM_* rules applied to token i */
	int translit; /* union of rules[], and NORM_UNREADABLE if letters were dropped */
};

/* Normalises a name in any script: NFKD, marks stripped, upper case A-Z, Cyrillic and
 * Arabic transliterated. Spaces, hyphens, dots, commas, slashes, digits and MRZ fillers
 * '<' separate tokens; apostrophes are dropped without separating (the MRZ rule:
 * O'CONNOR is OCONNOR, and Uzbek O'G'LI is OGLI). "ABD AL RAHMAN" and Arabic-script
 * "عبد الله" become one token each; the Arabic article ال becomes the particle AL.
 * Input is hostile: any bytes, any length; the first NORM_MAX_TOKENS tokens are kept,
 * each cut to NORM_TOKEN_MAX - 1 letters. Returns 0, or -1 (out->n = 0) for input that
 * is not valid UTF-8, a NULL pointer with a non-zero length, or when memory runs out
 * (only a hostile name needs more than a stack buffer). */
int norm_name(const char *utf8, size_t len, struct norm_name *out);

/* The canonical spelling of a token (upper-case A-Z; other bytes are ignored): the
 * variants that lists use collapsed to one form, so that equal names compare equal.
 * YU/IU/JU -> IU, YA/JA -> IA, YO/JO -> IO and YE/IE/JE -> E at the start of a word;
 * ZH/DZH/DJ and J elsewhere -> ZH; KH -> H; X -> H at the start, beside a consonant,
 * otherwise KS; GH -> G, PH -> F, TH -> T, DH -> D, Q -> K, W -> V, OU -> U, C -> K
 * except before E/I; TCH/TSCH -> CH, SCH/SZ -> SH, CZ -> CH, TZ -> TS; Y -> I, and Y/J
 * between a vowel and E dropped (ABDULLAYEV = ABDULLAEV); a final B, D, G is P, T, K
 * as Turkic spellings write it (MUROD = MURAT, ULUGBEG = ULUGBEK); doubled letters
 * single; ABDEL/ABDAL + name -> ABDUL + name, with the L assimilated before T D R Z S
 * N L as in ABDURRAHMAN. An attached Arabic article is dropped: AL, EL or UL before a
 * consonant with four letters left (ALBAGHDADI = BAGHDADI; ALIMOV keeps its AL), or a
 * vowel before a doubled sun letter with five left (ARRASHID = RASHID; ASSAD stays).
 * The rules run until nothing changes, so the result is its own canonical form. Fills
 * at most len - 1 letters (NORM_TOKEN_MAX - 1 at most) and a NUL. */
void norm_canonical(const char *token, char *out, size_t len);

/* The index key of a token: its canonical form reduced to at most 6 letters, the first
 * letter and then the consonants, so that equal canonical forms share a key. A leading
 * vowel becomes A (UMAROV, OMAROV), a leading Y/J sound or ZH becomes J (YUSUPOV,
 * JUSUPOV; ZHANYBEKOV, JANYBEKOV), ZH between vowels is dropped. Particles have no key
 * (empty string). */
void norm_skeleton(const char *token, char *key, size_t len);

/* Similarity of two tokens in [0, 1], symmetric: Jaro-Winkler of their canonical
 * forms; 1 for equal canonical forms. A J at the start is tried both as Y (German
 * JUSUPOW) and as ZH (Uzbek JURAYEV); J inside a word as ZH and as Y. The canonical
 * form drops an attached article, so ALBAGHDADI and BAGHDADI score 1. Forms that
 * differ only in vowels (MHMD, MUHAMMAD; OROZOV, UROZOV) score at least 0.9 when three
 * or more letters remain. A feminine and a masculine surname ending of the same stem
 * (-OVA/-OV, -EVA/-EV, -INA/-IN, -SKAYA/-SKA/-SKIY, -OVNA/-OVICH) score at most 0.9. */
double norm_similarity(const char *a, const char *b);

/* 1 for a name particle that is not a name on its own: Turkic patronymic particles
 * (UGLI, OGLI, OGLU, ULY, UULU, KYZY, KIZI, QIZI, GIZI...) and Arabic articles and
 * connectors (AL, EL, UL, UD, AD, AS, AR, AN, AZ, ASH, BIN, IBN, BINT, BEN). ABU is not
 * one: a kunya ("father of") is a name the person is known by. */
int norm_is_particle(const char *token);

/* Which rules made token i differ from what was written, as a short English phrase
 * for explanations ("ICAO 9303 Part 3 Cyrillic"): the empty string when none. The
 * phrases are English for logs; a screen showing them translates from rules[i]. Returns
 * the length written. */
int norm_explain(const struct norm_name *name, int i, char *buf, size_t len);

#endif
