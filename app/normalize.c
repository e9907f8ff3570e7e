/* Name normalisation and similarity (normalize.h). Unicode itself (decomposition, case,
 * general categories) is GNU libunistring's; the tables in this file are
 * transliteration rules, which are domain decisions, not Unicode data. */
#include "app/normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* A name longer than this many bytes is read only this far (it is still checked for
 * valid UTF-8 to its end): twelve tokens of 31 letters of fully vowelled Arabic fit. */
enum { INPUT_MAX = 4096 };
/* Tokens collected before ABD compounds are joined, so that joining cannot push out
 * a token that would have been kept. */
enum { RAW_TOKENS = NORM_MAX_TOKENS + 4 };
/* Letters of a token read by the spelling rules; 2x for X -> KS and J -> ZH. */
enum { SPELL_IN = 63, SPELL_BUF = 2 * SPELL_IN + 2 };

/* --- transliteration tables ------------------------------------------------------ */

/* А Б В Г Д Е Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я (U+0410-U+042F), as
 * ICAO Doc 9303 Part 3 section 6 writes them; Ь is not written. Input is upper-cased
 * first. Letters with a canonical decomposition (Й Ё Ї Ѓ Ќ Ӣ Ӯ) arrive as the base letter
 * and a mark, which gives the ICAO result (Й I, Ё E, Ї I, Ӣ I, Ӯ U); Ў is the exception,
 * see read_ubreve(). */
static const char *const russian[32] = {
	"A", "B", "V", "G", "D", "E",  "ZH", "Z",  "I",  "I",    "K",  "L", "M", "N", "O",  "P",
	"R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "IE", "Y", "",  "E", "IU", "IA",
};

/* The other tables are "letter=latin" strings: short, and rarely looked up. */
static const char *const cyrillic_icao[] = {
	/* Serbian, Macedonian, Ukrainian, Belarusian; І is Kazakh too */
	"Ђ=D", "Є=IE", "Ѕ=DZ", "І=I", "Ј=J", "Љ=LJ", "Њ=NJ", "Ћ=C", "Џ=DZ", "Ґ=G", NULL
};

/* Central Asian letters, folded as the passports of those states write them: Uzbek
 * Ғ is g', Қ q; Ҷ is the Tajik J (Җ the Turkmen and Tatar one). */
static const char *const central_asian[] = { "Ғ=G", "Җ=ZH", "Қ=K", "Ң=N", "Ү=U", "Ұ=U",
					     "Ҳ=H", "Ҷ=J",  "Һ=H", "Ә=A", "Ө=O", NULL };

/* ء آ أ ؤ إ ئ ا ب ة ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ (U+0621-U+063A) and
 * ف ق ك ل م ن ه و ى ي (U+0641-U+064A): consonant-based, as lists romanise names. NULL:
 * decomposed by NFKD (آ أ ؤ إ ئ), or read with its neighbours in read_arabic() (ا و ي ع).
 * ة is A (FATIMA, HAMZA), ى is A (MUSA, ISA), hamza is not written. */
static const char *const arabic_a[26] = { "",  NULL, NULL, NULL, NULL, NULL, NULL, "B", "A",
					  "T", "TH", "J",  "H",  "KH", "D",  "DH", "R", "Z",
					  "S", "SH", "S",  "D",  "T",  "Z",  NULL, "GH" };
static const char *const arabic_b[10] = { "F", "Q", "K", "L", "M", "N", "H", NULL, "A", NULL };

/* Persian, Urdu and Pashto letters */
static const char *const persian[] = { "ٹ=T", "پ=P", "چ=CH", "ڈ=D", "ڑ=R", "ژ=ZH", "ڤ=V", "ک=K",
				       "گ=G", "ں=N", "ھ=H",  "ہ=H", "ۃ=A", "ے=E",  NULL };

/* Latin letters that NFKD leaves alone (no decomposition), spelled out as ICAO Doc 9303
 * Part 3 does; Ə is Azerbaijani. ı upper-cases to I and ſ decomposes to s by themselves. */
static const char *const latin_extra[] = { "Æ=AE", "Ð=D", "Ø=O", "Þ=TH", "ß=SS", "ẞ=SS",
					   "Đ=D",  "Ħ=H", "Ł=L", "Œ=OE", "Ə=A",  NULL };

static const char *lookup(const char *const *table, ucs4_t up)
{
	for (; *table; table++) {
		ucs4_t uc;
		int k = u8_mbtouc_unsafe(&uc, (const uint8_t *)*table, strlen(*table));
		if (uc == up)
			return *table + k + 1;
	}
	return NULL;
}

/* Apostrophe-like characters: dropped without separating, as the MRZ drops them
 * (O'CONNOR is OCONNOR) and as Uzbek Latin needs (O'G'LI, G'ULOMOV, MA'RUF). Careful
 * Uzbek text writes o' and g' with U+02BB and the tutuq belgisi with U+02BC; U+02BE and
 * U+02BF are hamza and ayn in Arabic romanisation, U+02B9 the soft sign in Russian. */
static int apostrophe(ucs4_t uc)
{
	static const char quotes[] = "'`ʹʺʻʼʽʾʿ‘’‛′";
	return uc != 0 && u8_strchr((const uint8_t *)quotes, uc) != NULL;
}

/* --- reading a name into tokens -------------------------------------------------- */

enum script { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC };

struct builder {
	char tok[RAW_TOKENS][NORM_TOKEN_MAX];
	unsigned short rules[RAW_TOKENS];
	int n;
	char cur[NORM_TOKEN_MAX];
	size_t len;
	unsigned short cur_rules;
	unsigned short all_rules; /* also rules of letters that made no token */
	enum script last;         /* script of the last letter: which marks mean what */
};

static void put(struct builder *b, const char *s, unsigned short rules, enum script sc)
{
	for (; *s; s++)
		if (b->len < NORM_TOKEN_MAX - 1)
			b->cur[b->len++] = *s;
	b->cur_rules |= rules;
	b->all_rules |= rules;
	b->last = sc;
}

static void end_token(struct builder *b)
{
	if (b->len > 0 && b->n < RAW_TOKENS) {
		memcpy(b->tok[b->n], b->cur, b->len);
		b->tok[b->n][b->len] = '\0';
		b->rules[b->n] = b->cur_rules;
		b->n++;
	}
	b->len = 0;
	b->cur_rules = 0;
	b->last = SCRIPT_NONE;
}

/* A letter of a script this module does not read (Greek, Hebrew, Han...): dropped,
 * and said so, since the officer must then read the name himself. */
static void unreadable(struct builder *b)
{
	b->cur_rules |= NORM_UNREADABLE;
	b->all_rules |= NORM_UNREADABLE;
}

static char last_letter(const struct builder *b)
{
	return b->len ? b->cur[b->len - 1] : 0;
}

static int vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/* The code point at byte i of s (valid UTF-8), 0 past the end; *k its length. */
static ucs4_t decode(const uint8_t *s, size_t n, size_t i, size_t *k)
{
	ucs4_t uc = 0;
	if (i >= n) {
		*k = 0;
		return 0;
	}
	if (s[i] < 0x80) {
		*k = 1;
		return s[i];
	}
	*k = (size_t)u8_mbtouc_unsafe(&uc, s + i, n - i);
	return uc;
}

static ucs4_t peek(const uint8_t *s, size_t n, size_t i)
{
	size_t k;
	return decode(s, n, i, &k);
}

static int mark(ucs4_t uc)
{
	return uc >= 0x80 && uc_is_general_category(uc, UC_CATEGORY_M);
}

/* Ў is Belarusian U (ICAO) and Uzbek O' (Ўғли, Тўхтаев). Belarusian ў only follows a
 * vowel (Іваноў IVANOU); Uzbek ў is a vowel itself and stands after consonants or at
 * the start. NFKD gives У + combining breve, so it is recognised at the У. */
static void read_ubreve(struct builder *b)
{
	if (vowel(last_letter(b)) || last_letter(b) == 'Y')
		put(b, "U", NORM_CYRILLIC, SCRIPT_CYRILLIC);
	else
		put(b, "O", NORM_CYRILLIC | NORM_CENTRAL_ASIAN, SCRIPT_CYRILLIC);
}

static void read_cyrillic(struct builder *b, ucs4_t up, const uint8_t *s, size_t n, size_t next)
{
	const char *t;
	if (up == 0x423 && peek(s, n, next) == 0x306)
		read_ubreve(b);
	else if (up >= 0x410 && up <= 0x42F)
		put(b, russian[up - 0x410], NORM_CYRILLIC, SCRIPT_CYRILLIC);
	else if ((t = lookup(cyrillic_icao, up)) != NULL)
		put(b, t, NORM_CYRILLIC, SCRIPT_CYRILLIC);
	else if ((t = lookup(central_asian, up)) != NULL)
		put(b, t, NORM_CYRILLIC | NORM_CENTRAL_ASIAN, SCRIPT_CYRILLIC);
	else if (uc_is_general_category(up, UC_CATEGORY_L))
		unreadable(b); /* Ѣ, Ѳ...: dropped */
	else
		end_token(b);
}

/* Harakat, the short vowels of fully vowelled Arabic: read when written. */
static const char *haraka(ucs4_t uc)
{
	switch (uc) {
	case 0x64E: /* fatha */
	case 0x670: /* superscript alef */
		return "A";
	case 0x64F: /* damma */
		return "U";
	case 0x650: /* kasra */
		return "I";
	}
	return NULL;
}

/* The byte offset of the first code point at or after i that is not a mark; the
 * marks skipped are or-ed into *seen: 1 a short vowel, 2 hamza above, 4 hamza below. */
static size_t skip_marks(const uint8_t *s, size_t n, size_t i, int *seen)
{
	size_t k;
	for (ucs4_t uc = decode(s, n, i, &k); k > 0 && mark(uc); uc = decode(s, n, i, &k)) {
		if (seen)
			*seen |= (haraka(uc) ? 1 : 0) | (uc == 0x654 ? 2 : 0) |
				 (uc == 0x655 ? 4 : 0);
		i += k;
	}
	return i;
}

static const char *arabic_table(ucs4_t uc)
{
	if (uc >= 0x621 && uc <= 0x63A)
		return arabic_a[uc - 0x621];
	if (uc >= 0x641 && uc <= 0x64A)
		return arabic_b[uc - 0x641];
	return lookup(persian, uc);
}

static int arabic_letter(ucs4_t uc)
{
	return uc == 0x627 || uc == 0x648 || uc == 0x64A || uc == 0x639 || uc == 0x671 ||
	       uc == 0x6CC || uc == 0x6D0 || arabic_table(uc);
}

/* Returns the byte offset to continue from. */
static size_t read_arabic(struct builder *b, ucs4_t uc, const uint8_t *s, size_t n, size_t next)
{
	int seen = 0;
	ucs4_t base = peek(s, n, skip_marks(s, n, next, &seen));
	int vowelled = seen & 1, hamza = seen & 6, hamza_below = seen & 4;
	const char *out;
	switch (uc) {
	case 0x627: /* ا */
	case 0x671: /* ٱ */
		/* the article ال, written joined to its noun: a token of its own */
		if (b->len == 0 && base == 0x644 && !hamza) {
			size_t after = skip_marks(s, n, next, NULL);
			size_t k;
			decode(s, n, after, &k);
			after = skip_marks(s, n, after + k, NULL);
			if (arabic_letter(peek(s, n, after))) {
				put(b, "AL", NORM_ARABIC, SCRIPT_ARABIC);
				end_token(b);
				return after;
			}
		}
		/* a seat for hamza: إ is I; a written short vowel says which */
		out = hamza_below ? "I" : vowelled ? "" : "A";
		break;
	case 0x648: /* و: W as a consonant, U as a long vowel */
		out = b->len == 0 || vowelled || base == 0x627 || base == 0x649 || base == 0x648 ||
				      base == 0x64A || base == 0x6CC || last_letter(b) == 'A'
			      ? "W"
			      : "U";
		break;
	case 0x64A: /* ي */
	case 0x6CC: /* ی */
	case 0x6D0: /* ې */
		out = b->len == 0 || vowelled || base == 0x627 || base == 0x649 || base == 0x648 ||
				      last_letter(b) == 'A'
			      ? "Y"
			      : "I";
		break;
	case 0x639: /* ع: written as the vowel it carries (ABD, ALI, UMAR/AMR) */
		out = "A";
		break;
	case 0x640: /* tatweel: stretches a letter, no sound */
		return next;
	default:
		out = arabic_table(uc);
		if (!out) {
			if (uc_is_general_category(uc, UC_CATEGORY_L))
				unreadable(b);
			else
				end_token(b); /* Arabic comma, digits, question mark */
			return next;
		}
	}
	put(b, out, NORM_ARABIC, SCRIPT_ARABIC);
	return next;
}

static void read_mark(struct builder *b, ucs4_t uc)
{
	const char *v;
	if (b->last == SCRIPT_ARABIC && (v = haraka(uc)) != NULL) {
		put(b, v, NORM_ARABIC, SCRIPT_ARABIC);
	} else if (b->last == SCRIPT_LATIN) {
		b->cur_rules |= NORM_LATIN_MARKS;
		b->all_rules |= NORM_LATIN_MARKS;
	}
	/* other marks, Cyrillic ones included (Й, Ё), add nothing */
}

static void read_name(const uint8_t *s, size_t n, struct builder *b)
{
	size_t i = 0, k;
	while (i < n && b->n < RAW_TOKENS) {
		ucs4_t uc = decode(s, n, i, &k), up;
		size_t next = i + k;
		const char *t;
		if (uc < 0x80) {
			up = uc >= 'a' && uc <= 'z' ? uc - 'a' + 'A' : uc;
			if (up >= 'A' && up <= 'Z') {
				char c[2] = { (char)up, '\0' };
				put(b, c, 0, SCRIPT_LATIN);
			} else if (apostrophe(uc) || (uc == ' ' && mark(peek(s, n, next)))) {
				/* NFKD turns a spacing accent (´ as an apostrophe) into a space
				 * and a combining mark */
				if (b->len)
					b->cur_rules |= NORM_APOSTROPHE;
			} else {
				end_token(b);
			}
			i = next;
			continue;
		}
		up = uc_toupper(uc);
		if (apostrophe(uc)) {
			if (b->len)
				b->cur_rules |= NORM_APOSTROPHE;
		} else if (mark(uc)) {
			read_mark(b, uc);
		} else if (up >= 'A' && up <= 'Z') {
			char c[2] = { (char)up, '\0' };
			put(b, c, NORM_LATIN_LETTER, SCRIPT_LATIN);
		} else if (up >= 0x400 && up <= 0x4FF) {
			read_cyrillic(b, up, s, n, next);
		} else if (uc >= 0x600 && uc <= 0x6FF) {
			next = read_arabic(b, uc, s, n, next);
		} else if ((t = lookup(latin_extra, up)) != NULL) {
			put(b, t, NORM_LATIN_LETTER, SCRIPT_LATIN);
		} else if (uc_is_general_category(uc, UC_CATEGORY_Lm) ||
			   uc_is_general_category(uc, UC_CATEGORY_Cf)) {
			/* modifier letters and format characters (soft hyphen, bidi
			 * controls, ZWNJ) are invisible inside a word */
		} else if (uc_is_general_category(uc, UC_CATEGORY_L)) {
			unreadable(b);
		} else {
			end_token(b);
		}
		i = next;
	}
	end_token(b);
}

static int in_list(const char *t, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(t, *list) == 0)
			return 1;
	return 0;
}

static const char *const abd_words[] = {
	"ABD", "ABDUL", "ABDEL", "ABDAL", "ABDOL", "ABDOUL", NULL
};
static const char *const articles[] = { "AL", "EL", "UL", "UD",  "AD", "AS",
					"AR", "AN", "AZ", "ASH", NULL };

/* "Abd" (servant of) is never a name on its own: Arabic writes عبد الله as two words,
 * lists write ABDULLAH, ABD ALLAH, ABDUL RAHMAN or ABD AL-RAHMAN. Joining the words
 * (with the article, which norm_canonical assimilates) lets them meet one token. */
static void join_compounds(struct builder *b)
{
	for (int i = 0; i + 1 < b->n; i++) {
		if (!in_list(b->tok[i], abd_words))
			continue;
		int take = 1;
		if (in_list(b->tok[i + 1], articles))
			take = i + 2 < b->n ? 2 : 0;
		else if (norm_is_particle(b->tok[i + 1]))
			take = 0;
		if (take == 0)
			continue;
		size_t len = strlen(b->tok[i]);
		for (int j = 1; j <= take; j++) {
			const char *t = b->tok[i + j];
			size_t add = strlen(t);
			if (len + add > NORM_TOKEN_MAX - 1)
				add = NORM_TOKEN_MAX - 1 - len;
			memcpy(b->tok[i] + len, t, add);
			len += add;
			b->rules[i] |= b->rules[i + j];
		}
		b->tok[i][len] = '\0';
		b->rules[i] |= NORM_COMPOUND;
		b->all_rules |= NORM_COMPOUND;
		for (int j = i + 1; j + take < b->n; j++) {
			memcpy(b->tok[j], b->tok[j + take], strlen(b->tok[j + take]) + 1);
			b->rules[j] = b->rules[j + take];
		}
		b->n -= take;
	}
}

/* Whether NFKD would change s: not when no character has a decomposition (ASCII, and
 * most Cyrillic and Arabic names), and then the normalisation, which costs two thirds
 * of the time of a name, is skipped. Mark order does not matter here: marks are read
 * one by one and only harakat add letters. */
static int needs_nfkd(const uint8_t *s, size_t n)
{
	ucs4_t uc, d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag;
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		i += (size_t)u8_mbtouc_unsafe(&uc, s + i, n - i);
		if (uc_decomposition(uc, &tag, d) >= 0)
			return 1;
	}
	return 0;
}

int norm_name(const char *utf8, size_t len, struct norm_name *out)
{
	const uint8_t *s = (const uint8_t *)utf8;
	uint8_t stackbuf[2048], *norm = NULL;
	size_t n = len, nlen;
	struct builder b;

	if (!out)
		return -1;
	memset(out, 0, sizeof(*out));
	if (!utf8)
		return len ? -1 : 0;
	if (u8_check(s, len) != NULL)
		return -1;
	if (n > INPUT_MAX) {
		n = INPUT_MAX;
		while (n > 0 && (s[n] & 0xC0) == 0x80)
			n--; /* not inside a character */
	}
	nlen = n;
	if (needs_nfkd(s, n)) {
		/* the stack buffer holds every real name; only a hostile one allocates */
		nlen = sizeof(stackbuf);
		norm = u8_normalize(UNINORM_NFKD, s, n, stackbuf, &nlen);
		if (!norm)
			return -1;
	}
	b.n = 0;
	b.len = 0;
	b.cur_rules = b.all_rules = 0;
	b.last = SCRIPT_NONE;
	read_name(norm ? norm : s, nlen, &b);
	if (norm && norm != stackbuf)
		free(norm);
	join_compounds(&b);

	out->n = b.n < NORM_MAX_TOKENS ? b.n : NORM_MAX_TOKENS;
	out->translit = b.all_rules & NORM_UNREADABLE;
	for (int i = 0; i < out->n; i++) {
		memcpy(out->token[i], b.tok[i], strlen(b.tok[i]) + 1);
		out->rules[i] = b.rules[i];
		out->particle[i] = (unsigned char)norm_is_particle(b.tok[i]);
		out->translit |= b.rules[i];
	}
	return 0;
}

/* --- particles ------------------------------------------------------------------- */

static const char *const particles[] = {
	/* Turkic patronymic particles: son of (UGLI, OGLI, OGLU, ULY, UULU), daughter of
	 * (KYZY, KIZI, QIZI, GIZI), in the spellings of the five states and Azerbaijan */
	"UGLI", "UGHLI", "OGLI", "OGHLI", "OGLU", "OGHLU", "OGLY", "ULY", "UULU", "UULY", "KYZY",
	"KIZI", "QIZI", "GIZI", "QYZY",
	/* Arabic articles, and connectors: son of (BIN, IBN, BEN), daughter of (BINT).
	 * BN, ABN and BNT are بن, ابن and بنت read from Arabic script. ABU is not here: a
	 * kunya ("father of ...") is a name the person is known and listed by. */
	"AL", "EL", "UL", "UD", "AD", "AS", "AR", "AN", "AZ", "ASH", "BIN", "IBN", "BINT", "BINTI",
	"BEN", "BN", "ABN", "BNT", NULL
};

int norm_is_particle(const char *token)
{
	char up[8];
	size_t n = 0;
	if (!token)
		return 0;
	for (; *token; token++) {
		char c = *token;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z' || n == sizeof(up) - 1)
			return 0;
		up[n++] = c;
	}
	up[n] = '\0';
	return n > 0 && in_list(up, particles);
}

/* --- canonical spelling ---------------------------------------------------------- */

/* How a J is read: the canonical form reads it as a Y sound at the start of a word
 * before a vowel (German and Polish JUSUPOW) and as ZH elsewhere (Uzbek ABDUJABBOR,
 * XOJA); norm_similarity also tries the two other readings. */
enum reading { READ_CANON, READ_J_AS_ZH, READ_J_AS_Y };

/* Upper-case letters of s, at most max; everything else is skipped. */
static size_t letters(const char *s, char *out, size_t max)
{
	size_t n = 0;
	for (; s && *s && n < max; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z')
			out[n++] = c;
	}
	return n;
}

static char at(const char *a, size_t n, size_t i)
{
	return i < n ? a[i] : 0;
}

static const struct {
	const char *from, *to;
} digraphs[] = {
	/* longest first */
	{ "TSCH", "CH" }, { "TCH", "CH" }, { "SCH", "SH" }, { "DZH", "ZH" }, { "DJ", "ZH" },
	{ "ZH", "ZH" },   { "SH", "SH" },  { "CH", "CH" },  { "KH", "H" },   { "GH", "G" },
	{ "PH", "F" },    { "TH", "T" },   { "DH", "D" },   { "SZ", "SH" },  { "CZ", "CH" },
	{ "TZ", "TS" },   { "OU", "U" },   { "CK", "K" },
};

/* One pass of the spelling rules over a[0..n) into o (room for 2n + 2); returns the
 * length. */
static size_t spell_pass(const char *a, size_t n, enum reading rd, char *o)
{
	size_t p = 0, k = 0;
	while (p < n) {
		char c = a[p], c1 = at(a, n, p + 1), c2 = at(a, n, p + 2);
		char prev = k ? o[k - 1] : 0;
		size_t d;

		/* a Y sound at the start: ICAO writes Ю Я as IU IA, others YU YA or JU JA;
		 * Е is E at the start in ICAO, YE or IE elsewhere */
		if (p == 0 && (c == 'Y' || c == 'I' || (c == 'J' && rd != READ_J_AS_ZH)) &&
		    vowel(c1)) {
			if (c1 == 'E' || c1 == 'I') {
				o[k++] = c1;
				p += 2;
			} else if (c1 == 'O' && c2 == 'U') {
				o[k++] = 'I';
				o[k++] = 'U';
				p += 3;
			} else {
				o[k++] = 'I';
				o[k++] = c1;
				p += 2;
			}
			continue;
		}
		for (d = 0; d < sizeof(digraphs) / sizeof(digraphs[0]); d++) {
			if (digraphs[d].from[0] != c)
				continue;
			size_t fl = strlen(digraphs[d].from);
			if (p + fl <= n && memcmp(a + p, digraphs[d].from, fl) == 0)
				break;
		}
		if (d < sizeof(digraphs) / sizeof(digraphs[0])) {
			for (const char *t = digraphs[d].to; *t; t++)
				o[k++] = *t;
			p += strlen(digraphs[d].from);
			continue;
		}
		switch (c) {
		case 'X':
			/* Uzbek Latin X is KH (XALIMOV, BAXTIYOR, TOSHXO'JA); between vowels
			 * and at the end it is the KS of ALEXANDER and MAX */
			if (p == 0 || (prev && !vowel(prev)) || (c1 && !vowel(c1))) {
				o[k++] = 'H';
			} else {
				o[k++] = 'K';
				o[k++] = 'S';
			}
			break;
		case 'Q':
			o[k++] = 'K';
			break;
		case 'W':
			o[k++] = 'V';
			break;
		case 'C':
			o[k++] = c1 == 'E' || c1 == 'I' || c1 == 'Y' ? 'C' : 'K';
			break;
		case 'J':
		case 'Y':
			if (c == 'J' && (rd == READ_J_AS_ZH ||
					 (rd == READ_CANON && c1 && !(vowel(prev) && c1 == 'E')))) {
				o[k++] = 'Z';
				o[k++] = 'H';
			} else if (!(vowel(prev) && c1 == 'E')) {
				/* ABDULLAYEV, ALIYEV, SERGEJEW: after a vowel the Y sound
				 * is in the E */
				o[k++] = 'I';
			}
			break;
		case 'B':
		case 'D':
		case 'G':
			/* Turkic spellings devoice a final consonant: MUROD and MURAT,
			 * MUHAMMAD and MAHAMAT, ULUGBEG and ULUGBEK, YAKUB and YAKUP */
			o[k++] = p + 1 < n ? c : c == 'B' ? 'P' : c == 'D' ? 'T' : 'K';
			break;
		default:
			o[k++] = c;
		}
		p++;
	}
	return k;
}

/* Sun letters assimilate the article: ABD AL-RAHMAN is said ABDURRAHMAN. */
static int sun_letter(const char *o, size_t k, size_t i)
{
	char c = at(o, k, i);
	if (c == 'Z' && at(o, k, i + 1) == 'H')
		return 0;
	return c && strchr("TDRZSNL", c) != NULL;
}

/* ABD + vowel + L + name: ABDUL before a moon letter, ABDU before a sun letter, so that
 * ABDEL AZIZ = ABDULAZIZ and ABDALRAHMAN = ABDULRAHMAN = ABDURRAHMAN. */
static size_t abd_rule(char *o, size_t k)
{
	char tmp[SPELL_BUF];
	size_t q = 3;
	if (k < 5 || memcmp(o, "ABD", 3) != 0)
		return k;
	if (o[q] == 'U' || o[q] == 'E' || o[q] == 'A' || o[q] == 'O')
		q++;
	if (q + 1 >= k || o[q] != 'L')
		return k;
	int sun = sun_letter(o, k, q + 1);
	size_t rest = k - (q + 1), m = 0;
	memcpy(tmp, sun ? "ABDU" : "ABDUL", sun ? 4 : 5);
	m = sun ? 4 : 5;
	if (m + rest > SPELL_BUF)
		rest = SPELL_BUF - m;
	memcpy(tmp + m, o + q + 1, rest);
	memcpy(o, tmp, m + rest);
	return m + rest;
}

static size_t collapse(char *o, size_t k)
{
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (m == 0 || o[m - 1] != o[i])
			o[m++] = o[i];
	return m;
}

/* An attached article: AL, EL, UL before a consonant (not L: ALLAYAROV), leaving at
 * least four letters (ALIMOV, ELDOR keep theirs); or a vowel before a doubled sun
 * letter, leaving at least five (ARRASHID, ASSALAM; not ASSAD). Returns its length. */
static size_t article_len(const char *r, size_t n)
{
	if (n < 6 || (r[0] != 'A' && r[0] != 'E' && r[0] != 'U'))
		return 0;
	if (r[1] == 'L' && !vowel(r[2]) && r[2] != 'Y' && r[2] != 'L')
		return 2;
	if (r[1] == r[2] && strchr("TDRZSN", r[1]))
		return 1;
	return 0;
}

/* The canonical form of letters a[0..n) under a reading of J, into out
 * (NORM_TOKEN_MAX). The rules run until nothing changes, so the result is its own
 * canonical form. */
static size_t canon(const char *a, size_t n, enum reading rd, char *out)
{
	char cur[SPELL_BUF], next[SPELL_BUF];
	size_t len = n < SPELL_IN ? n : SPELL_IN;
	memcpy(cur, a, len);
	for (int round = 0; round < 8; round++) {
		size_t strip = article_len(cur, len);
		size_t k = spell_pass(cur + strip, len - strip, rd, next);
		k = abd_rule(next, k);
		k = collapse(next, k);
		if (k > NORM_TOKEN_MAX - 1)
			k = NORM_TOKEN_MAX - 1;
		if (k == len && memcmp(cur, next, k) == 0)
			break;
		memcpy(cur, next, k);
		len = k;
	}
	if (len > NORM_TOKEN_MAX - 1)
		len = NORM_TOKEN_MAX - 1;
	memcpy(out, cur, len);
	out[len] = '\0';
	return len;
}

void norm_canonical(const char *token, char *out, size_t len)
{
	char a[SPELL_IN], c[NORM_TOKEN_MAX];
	if (!out || len == 0)
		return;
	size_t n = letters(token, a, sizeof(a));
	n = canon(a, n, READ_CANON, c);
	if (n > len - 1)
		n = len - 1;
	memcpy(out, c, n);
	out[n] = '\0';
}

/* --- skeleton keys --------------------------------------------------------------- */

/* The consonant skeleton of a canonical form, at most max letters. merge: the index
 * key, where a Y sound and ZH at the start are one class (J); otherwise the Y sound is
 * Y, for the stricter comparison in norm_similarity. */
static size_t consonants(const char *c, int merge, char *key, size_t max)
{
	size_t n = strlen(c), p = 1, k = 0;
	if (n == 0 || max == 0)
		return 0;
	if (c[0] == 'Z' && at(c, n, 1) == 'H') {
		key[k++] = 'J';
		p = 2;
	} else if (c[0] == 'I' && vowel(at(c, n, 1))) {
		key[k++] = merge ? 'J' : 'Y';
	} else {
		key[k++] = vowel(c[0]) ? 'A' : c[0];
	}
	for (; p < n && k < max; p++) {
		if (c[p] == 'Z' && at(c, n, p + 1) == 'H') {
			/* between vowels ZH may be a J read as Y (MAJA, MAYA) */
			if (!(vowel(c[p - 1]) && vowel(at(c, n, p + 2))))
				key[k++] = 'J';
			p++;
		} else if (!vowel(c[p])) {
			key[k++] = c[p];
		}
	}
	return k;
}

void norm_skeleton(const char *token, char *key, size_t len)
{
	char a[SPELL_IN], c[NORM_TOKEN_MAX], k[8];
	if (!key || len == 0)
		return;
	key[0] = '\0';
	if (!token || norm_is_particle(token))
		return;
	size_t n = letters(token, a, sizeof(a));
	canon(a, n, READ_CANON, c);
	size_t m = consonants(c, 1, k, NORM_KEY_MAX - 1);
	if (m > len - 1)
		m = len - 1;
	memcpy(key, k, m);
	key[m] = '\0';
}

/* --- similarity ------------------------------------------------------------------ */

static double jaro_winkler(const char *a, const char *b)
{
	unsigned char ma[NORM_TOKEN_MAX] = { 0 }, mb[NORM_TOKEN_MAX] = { 0 };
	size_t la = strlen(a), lb = strlen(b), m = 0, t = 0, l = 0;
	if (la == 0 || lb == 0)
		return la == lb ? 1.0 : 0.0;
	size_t range = (la > lb ? la : lb) / 2;
	range = range > 0 ? range - 1 : 0;
	for (size_t i = 0; i < la; i++) {
		size_t lo = i > range ? i - range : 0, hi = i + range + 1 < lb ? i + range + 1 : lb;
		for (size_t j = lo; j < hi; j++) {
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = 1;
				m++;
				break;
			}
		}
	}
	if (m == 0)
		return 0.0;
	for (size_t i = 0, j = 0; i < la; i++) {
		if (!ma[i])
			continue;
		while (!mb[j])
			j++;
		if (a[i] != b[j])
			t++;
		j++;
	}
	double jaro = ((double)m / la + (double)m / lb + ((double)m - t / 2.0) / m) / 3.0;
	while (l < 4 && l < la && l < lb && a[l] == b[l])
		l++;
	return jaro + l * 0.1 * (1.0 - jaro);
}

/* Jaro-Winkler, at least 0.9 when the two differ only in vowels: Arabic script does
 * not write short vowels (MHMD), and Uzbek, Tajik and Russian spellings of one name
 * differ in them (YOLDOSHEV, YULDASHEV; UROZOV, OROZOV). Three letters of skeleton at
 * least, so that ALI and OLE stay apart. */
static double plain(const char *x, const char *y)
{
	char kx[NORM_TOKEN_MAX], ky[NORM_TOKEN_MAX];
	if (strcmp(x, y) == 0)
		return 1.0;
	if (strcmp(x, y) > 0) {
		const char *t = x;
		x = y;
		y = t;
	}
	double s = jaro_winkler(x, y);
	size_t nx = consonants(x, 0, kx, sizeof(kx) - 1);
	size_t ny = consonants(y, 0, ky, sizeof(ky) - 1);
	if (s < 0.9 && nx >= 3 && nx == ny && memcmp(kx, ky, nx) == 0)
		s = 0.9;
	return s;
}

static const struct {
	const char *fem, *masc;
} gender[] = {
	{ "OVA", "OV" },  { "EVA", "EV" },     { "INA", "IN" },     { "SKAIA", "SKI" },
	{ "SKA", "SKI" }, { "OVNA", "OVICH" }, { "EVNA", "EVICH" },
};

static int ends(const char *s, size_t n, const char *suffix, size_t min_stem)
{
	size_t l = strlen(suffix);
	return n >= l + min_stem && memcmp(s + n - l, suffix, l) == 0;
}

/* fem is a feminine form, masc the masculine of the same ending: their score with the
 * ending made masculine, at most 0.9 (a woman is not the man listed, but may be). */
static int gender_pair(const char *fem, const char *masc, double *score)
{
	size_t nf = strlen(fem), nm = strlen(masc);
	for (size_t i = 0; i < sizeof(gender) / sizeof(gender[0]); i++) {
		if (!ends(fem, nf, gender[i].fem, 2) || !ends(masc, nm, gender[i].masc, 2) ||
		    ends(masc, nm, gender[i].fem, 0))
			continue;
		char m[2 * NORM_TOKEN_MAX];
		size_t stem = nf - strlen(gender[i].fem);
		snprintf(m, sizeof(m), "%.*s%s", (int)stem, fem, gender[i].masc);
		m[NORM_TOKEN_MAX - 1] = '\0';
		double s = plain(m, masc);
		*score = s < 0.9 ? s : 0.9;
		return 1;
	}
	return 0;
}

static double core(const char *x, const char *y)
{
	double s;
	int order = strcmp(x, y);
	if (order == 0)
		return 1.0;
	if (order > 0) { /* the same answer whichever way round */
		const char *t = x;
		x = y;
		y = t;
	}
	if (gender_pair(x, y, &s) || gender_pair(y, x, &s))
		return s;
	return plain(x, y);
}

/* The canonical forms a token may stand for: when it has a J, one for each reading. */
struct forms {
	char f[3][NORM_TOKEN_MAX];
	int n;
};

static void forms_of(const char *token, struct forms *fs)
{
	char a[SPELL_IN] = { 0 };
	size_t n = letters(token, a, sizeof(a));
	int readings = memchr(a, 'J', n) ? 3 : 1;
	fs->n = 0;
	for (int r = 0; r < readings; r++) {
		char *f = fs->f[fs->n];
		canon(a, n, (enum reading)r, f);
		int dup = 0;
		for (int i = 0; i < fs->n && !dup; i++)
			dup = strcmp(fs->f[i], f) == 0;
		if (!dup)
			fs->n++;
	}
}

double norm_similarity(const char *a, const char *b)
{
	struct forms fa, fb;
	double best = 0.0;
	if (!a || !b)
		return 0.0;
	forms_of(a, &fa);
	forms_of(b, &fb);
	for (int i = 0; i < fa.n && best < 1.0; i++)
		for (int j = 0; j < fb.n && best < 1.0; j++) {
			double s = core(fa.f[i], fb.f[j]);
			if (s > best)
				best = s;
		}
	return best < 0.0 ? 0.0 : best > 1.0 ? 1.0 : best;
}

/* --- explanations ---------------------------------------------------------------- */

static const struct {
	unsigned short rule;
	const char *text;
} explanations[] = {
	{ NORM_CYRILLIC, "ICAO 9303 Part 3 Cyrillic" },
	{ NORM_CENTRAL_ASIAN, "Central Asian letters as their passports write them" },
	{ NORM_ARABIC, "Arabic script, consonants only where vowels are not written" },
	{ NORM_LATIN_MARKS, "diacritics removed" },
	{ NORM_LATIN_LETTER, "letter spelled in A-Z (ICAO 9303 Part 3)" },
	{ NORM_APOSTROPHE, "apostrophe dropped, as in the MRZ" },
	{ NORM_COMPOUND, "ABD compound written as one word" },
	{ NORM_UNREADABLE, "letters of an unsupported script ignored" },
};

int norm_explain(const struct norm_name *name, int i, char *buf, size_t len)
{
	size_t used = 0;
	if (!buf || len == 0)
		return 0;
	buf[0] = '\0';
	if (!name || i < 0 || i >= name->n || i >= NORM_MAX_TOKENS)
		return 0;
	for (size_t e = 0; e < sizeof(explanations) / sizeof(explanations[0]); e++) {
		if (!(name->rules[i] & explanations[e].rule))
			continue;
		int w = snprintf(buf + used, len - used, "%s%s", used ? "; " : "",
				 explanations[e].text);
		if (w < 0 || (size_t)w >= len - used) {
			used = strlen(buf);
			break;
		}
		used += (size_t)w;
	}
	return (int)used;
}
