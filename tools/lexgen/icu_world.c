/* Lexicon generator: country, region and world-city names in Chinese from
 * the ICU data installed with libicu (Unicode license).
 *
 *   icu_world countries > rules/lex/world-country.txt
 *   icu_world cities    > rules/lex/world-city.txt
 *
 * Output is unsorted; tools/lexgen/gen.sh sorts and deduplicates it.
 * Entries are NFKC-normalized, like the text the matcher sees, so 刚果（金）
 * becomes 刚果(金). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udata.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

/* The region bundle holds the display names; its package name is not in
 * the public headers, but is built from public macros. */
#define LEX_ICUDATA_REGION U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region"
#define LEX_ICUDATA_ZONE U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "zone"

static const UNormalizer2 *nfkc;

static void die(const char *what, UErrorCode e)
{
    fprintf(stderr, "icu_world: %s: %s\n", what, u_errorName(e));
    exit(1);
}

/* NFKC-normalize s and write it as UTF-8; 0 if it was empty. */
static int put_u(const UChar *s, int32_t len)
{
    UChar norm[256];
    char out[1024];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = unorm2_normalize(nfkc, s, len, norm, 256, &e);
    if (U_FAILURE(e))
        die("normalize", e);
    u_strToUTF8(out, sizeof out, NULL, norm, n, &e);
    if (U_FAILURE(e))
        die("utf8", e);
    if (!out[0])
        return 0;
    fputs(out, stdout);
    return 1;
}

/* Country names are translated; a fallback to the code itself means no
 * Chinese name exists, and such entries are left out. */
static int is_cjk_name(const UChar *s, int32_t len)
{
    for (int32_t i = 0; i < len; i++)
        if (s[i] >= 0x3400 && s[i] < 0xA000)
            return 1;
    return 0;
}

/* Emit every string of table `key` in the zh region bundle whose key is
 * accepted by want(); field is the kind recorded for it. */
static void table(UResourceBundle *zh, const char *key, const char *kind,
                  int numeric)
{
    UErrorCode e = U_ZERO_ERROR;
    UResourceBundle *t = ures_getByKey(zh, key, NULL, &e);
    if (U_FAILURE(e))
        die(key, e);
    while (ures_hasNext(t)) {
        UResourceBundle *r = ures_getNextResource(t, NULL, &e);
        if (U_FAILURE(e))
            die(key, e);
        const char *code = ures_getKey(r);
        int isnum = code[0] >= '0' && code[0] <= '9';
        int32_t len;
        const UChar *s = ures_getString(r, &len, &e);
        /* 001 is 世界 and EU/UN/EZ are organisations, not places; XA, XB,
         * ZZ and QO are pseudo-regions. */
        int skip = !strcmp(code, "001") || !strcmp(code, "EU") ||
                   !strcmp(code, "EZ") || !strcmp(code, "UN") ||
                   !strcmp(code, "XA") || !strcmp(code, "XB") ||
                   !strcmp(code, "ZZ") || !strcmp(code, "QO");
        if (U_SUCCESS(e) && isnum == numeric && !skip && is_cjk_name(s, len)) {
            if (put_u(s, len))
                printf("\tkind=%s\tcode=%s\n", kind, code);
        }
        ures_close(r);
    }
    ures_close(t);
}

static void countries(void)
{
    UErrorCode e = U_ZERO_ERROR;
    UResourceBundle *zh = ures_open(LEX_ICUDATA_REGION, "zh", &e);
    if (U_FAILURE(e))
        die("region bundle", e);
    /* The ISO list is the authority on which codes are countries; the
     * display name comes from the same data the bundle holds. */
    for (const char *const *c = uloc_getISOCountries(); *c; c++) {
        char loc[16];
        UChar name[128];
        snprintf(loc, sizeof loc, "und_%s", *c);
        int32_t n = uloc_getDisplayCountry(loc, "zh", name, 128, &e);
        if (U_FAILURE(e))
            die("display country", e);
        if (is_cjk_name(name, n) && put_u(name, n))
            printf("\tkind=country\tcode=%s\n", *c);
    }
    table(zh, "Countries%short", "country", 0);
    table(zh, "Countries%variant", "country", 0);
    table(zh, "Countries", "region", 1);
    ures_close(zh);
}

static void cities(void)
{
    UErrorCode e = U_ZERO_ERROR;
    UResourceBundle *zone = ures_open(LEX_ICUDATA_ZONE, "zh", &e);
    if (U_FAILURE(e))
        die("zone bundle", e);
    UResourceBundle *zs = ures_getByKey(zone, "zoneStrings", NULL, &e);
    if (U_FAILURE(e))
        die("zoneStrings", e);
    for (const char *const *c = uloc_getISOCountries(); *c; c++) {
        UEnumeration *ids = ucal_openTimeZoneIDEnumeration(
            UCAL_ZONE_TYPE_CANONICAL_LOCATION, *c, NULL, &e);
        if (U_FAILURE(e))
            die("zone enumeration", e);
        const char *id;
        while ((id = uenum_next(ids, NULL, &e)) && U_SUCCESS(e)) {
            char key[128];
            snprintf(key, sizeof key, "%s", id);
            for (char *p = key; *p; p++)
                if (*p == '/')
                    *p = ':';
            UErrorCode e2 = U_ZERO_ERROR;
            UResourceBundle *z = ures_getByKey(zs, key, NULL, &e2);
            UResourceBundle *ec = ures_getByKey(z, "ec", NULL, &e2);
            int32_t len;
            const UChar *s = ures_getString(ec, &len, &e2);
            if (U_SUCCESS(e2) && is_cjk_name(s, len) && put_u(s, len))
                printf("\tkind=city\tcountry=%s\tzone=%s\n", *c, id);
            ures_close(ec);
            ures_close(z);
        }
        uenum_close(ids);
    }
    ures_close(zs);
    ures_close(zone);
}

int main(int argc, char **argv)
{
    UErrorCode e = U_ZERO_ERROR;
    nfkc = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e))
        die("nfkc", e);
    if (argc == 2 && !strcmp(argv[1], "countries"))
        countries();
    else if (argc == 2 && !strcmp(argv[1], "cities"))
        cities();
    else {
        fprintf(stderr, "usage: icu_world countries|cities\n");
        return 2;
    }
    if (fflush(stdout) || ferror(stdout)) {
        perror("icu_world: stdout");
        return 1;
    }
    return 0;
}
