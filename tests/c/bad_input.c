/*
 * Hostile input through the InterviewKit C API: NULL for every pointer argument, NULL `err`,
 * freeing NULL, invalid UTF-8, a 20 MB document built at run time, input over the size limit,
 * JSON nested 10,000 levels, a future schema_version, wrong types, concurrent calls, and the
 * version macros against the run-time values. Every check prints a line on failure; the last
 * line is "N passed, M failed". Meant to run under valgrind --leak-check=full.
 */
#define _POSIX_C_SOURCE 200809L

#include <interviewkit.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond, ...)                                      \
    do {                                                      \
        if (cond) {                                           \
            passed++;                                         \
        } else {                                              \
            failed++;                                         \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
            printf(__VA_ARGS__);                              \
            printf("\n");                                     \
        }                                                     \
    } while (0)

typedef ik_status (*json_op)(const uint8_t *, size_t, char **, ik_error **);

static const struct {
    const char *name;
    json_op fn;
} OPS[] = {
    {"ik_validate", ik_validate},
    {"ik_migrate", ik_migrate},
    {"ik_import_json_resume", ik_import_json_resume},
    {"ik_export_json_resume", ik_export_json_resume},
    {"ik_merge_profiles", ik_merge_profiles},
};
#define N_OPS (sizeof OPS / sizeof OPS[0])

static const char SMALL_DOC[] = "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"c-1\"}";

/* Calls `fn` and checks that it fails with `want`, leaves *out_json NULL, and returns an
 * error object with that code, a message containing `needle` and JSON naming the code. */
static void expect_error(const char *what, json_op fn, const void *json, size_t len,
                         ik_status want, const char *needle) {
    char *out = (char *)"sentinel";
    ik_error *err = NULL;
    ik_status status = fn((const uint8_t *)json, len, &out, &err);
    CHECK(status == want, "%s: status %d (%s), expected %d (%s); message: %s", what, (int)status,
          ik_status_name(status), (int)want, ik_status_name(want),
          err ? ik_error_message(err) : "(no error)");
    CHECK(out == NULL, "%s: *out_json is not NULL after a failure", what);
    CHECK(err != NULL, "%s: no ik_error although err was given", what);
    if (err != NULL) {
        CHECK(ik_error_code(err) == status, "%s: ik_error_code %d != status %d", what,
              (int)ik_error_code(err), (int)status);
        const char *message = ik_error_message(err);
        CHECK(message != NULL && message[0] != '\0', "%s: empty message", what);
        if (needle != NULL && message != NULL) {
            CHECK(strstr(message, needle) != NULL, "%s: message \"%s\" does not mention %s",
                  what, message, needle);
        }
        const char *json_text = ik_error_json(err);
        char name_field[128];
        snprintf(name_field, sizeof name_field, "\"name\":\"%s\"", ik_status_name(want));
        CHECK(json_text != NULL && strstr(json_text, name_field) != NULL,
              "%s: error JSON %s lacks %s", what, json_text ? json_text : "(null)", name_field);
    }
    if (out != NULL && strcmp(out, "sentinel") != 0) {
        ik_string_free(out);
    }
    ik_error_free(err);
}

/* The same failure with err == NULL: only the status comes back. */
static void expect_status(const char *what, json_op fn, const void *json, size_t len,
                          ik_status want) {
    char *out = (char *)"sentinel";
    ik_status status = fn((const uint8_t *)json, len, &out, NULL);
    CHECK(status == want, "%s (err NULL): status %d, expected %d", what, (int)status, (int)want);
    CHECK(out == NULL, "%s (err NULL): *out_json is not NULL after a failure", what);
}

static void test_null_arguments(void) {
    for (size_t i = 0; i < N_OPS; i++) {
        char what[128];
        json_op fn = OPS[i].fn;
        snprintf(what, sizeof what, "%s(json=NULL, len=0)", OPS[i].name);
        expect_error(what, fn, NULL, 0, IK_E_INVALID_ARGUMENT, "json");
        snprintf(what, sizeof what, "%s(json=NULL, len=10)", OPS[i].name);
        expect_error(what, fn, NULL, 10, IK_E_INVALID_ARGUMENT, "json");
        expect_status(what, fn, NULL, 10, IK_E_INVALID_ARGUMENT);

        /* out_json NULL. */
        ik_error *err = NULL;
        ik_status status = fn((const uint8_t *)SMALL_DOC, strlen(SMALL_DOC), NULL, &err);
        CHECK(status == IK_E_INVALID_ARGUMENT, "%s(out_json=NULL): status %d", OPS[i].name,
              (int)status);
        CHECK(err != NULL && strstr(ik_error_message(err), "out_json") != NULL,
              "%s(out_json=NULL): message does not name out_json", OPS[i].name);
        ik_error_free(err);

        /* Every pointer NULL at once. */
        status = fn(NULL, 0, NULL, NULL);
        CHECK(status == IK_E_INVALID_ARGUMENT, "%s(NULL, 0, NULL, NULL): status %d",
              OPS[i].name, (int)status);

        /* NULL err on a successful call ([] validates as "valid": false and merges to no
         * profiles) and on a failing one. */
        char *out = NULL;
        status = fn((const uint8_t *)"[]", 2, &out, NULL);
        if (fn == ik_merge_profiles || fn == ik_validate) {
            CHECK(status == IK_OK && out != NULL, "%s([]) with err NULL: status %d",
                  OPS[i].name, (int)status);
        } else {
            CHECK(status != IK_OK && status != IK_E_INTERNAL && out == NULL,
                  "%s([]) with err NULL: status %d", OPS[i].name, (int)status);
        }
        ik_string_free(out);
    }

    /* The accessors and destructors accept NULL. */
    ik_string_free(NULL);
    ik_error_free(NULL);
    CHECK(ik_error_code(NULL) == IK_OK, "ik_error_code(NULL) is not IK_OK");
    CHECK(ik_error_message(NULL) == NULL, "ik_error_message(NULL) is not NULL");
    CHECK(ik_error_json(NULL) == NULL, "ik_error_json(NULL) is not NULL");
}

static void test_success_and_unterminated_input(void) {
    /* The input need not end in NUL: pass a prefix of a longer buffer. */
    const char buffer[] = "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"c-1\"}GARBAGE";
    char *out = NULL;
    ik_error *err = (ik_error *)&passed; /* must be reset to NULL on success */
    ik_status status = ik_validate((const uint8_t *)buffer, strlen(SMALL_DOC), &out, &err);
    CHECK(status == IK_OK, "validate of a prefix: status %d", (int)status);
    CHECK(err == NULL, "*err not reset to NULL on success");
    CHECK(out != NULL && strstr(out, "\"valid\":true") != NULL, "validate report: %s",
          out ? out : "(null)");
    ik_string_free(out);

    /* The whole buffer, garbage included, is not JSON. */
    expect_error("validate with trailing garbage", ik_validate, buffer, strlen(buffer),
                 IK_E_INVALID_JSON, NULL);
    /* An embedded NUL counted in len is input too. */
    expect_error("validate with an embedded NUL", ik_validate, SMALL_DOC, sizeof SMALL_DOC,
                 IK_E_INVALID_JSON, NULL);
    /* Empty input (non-NULL pointer, zero length). */
    expect_error("validate of empty input", ik_validate, "", 0, IK_E_INVALID_JSON, NULL);
}

static void test_invalid_utf8(void) {
    static const char *samples[] = {
        "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"\xff\xfe\"}", /* invalid bytes */
        "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"\xc0\xaf\"}", /* overlong '/' */
        "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"\xed\xa0\x80\"}", /* surrogate */
        "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"\xe4\xb8\"}",  /* truncated */
        "[\"\xe4\xb8",                                                         /* cut at end */
    };
    for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        for (size_t i = 0; i < N_OPS; i++) {
            char what[128];
            snprintf(what, sizeof what, "%s(invalid UTF-8 #%zu)", OPS[i].name, s);
            expect_error(what, OPS[i].fn, samples[s], strlen(samples[s]), IK_E_INVALID_UTF8,
                         "UTF-8");
        }
    }
    expect_status("validate(invalid UTF-8)", ik_validate, samples[0], strlen(samples[0]),
                  IK_E_INVALID_UTF8);
}

/* A resume whose raw_text is `size` bytes (ASCII and Chinese), built at run time. */
static char *big_resume(size_t size, size_t *len) {
    static const char head[] =
        "{\"schema_version\":1,\"kind\":\"resume\",\"id\":\"r-big\",\"candidate_id\":\"c-big\","
        "\"basics\":{\"name\":\"Big Document\"},\"raw_text\":\"";
    static const char tail[] = "\"}";
    static const char chunk[] = "Experienced engineer. 熟练使用SQL和Excel。 ";
    size_t total = strlen(head) + size + strlen(tail);
    char *doc = malloc(total + 1);
    if (doc == NULL) {
        return NULL;
    }
    char *p = doc;
    memcpy(p, head, strlen(head));
    p += strlen(head);
    size_t chunk_len = strlen(chunk), written = 0;
    while (written + chunk_len <= size) {
        memcpy(p + written, chunk, chunk_len);
        written += chunk_len;
    }
    memset(p + written, 'x', size - written); /* ASCII fill keeps UTF-8 valid */
    p += size;
    memcpy(p, tail, strlen(tail));
    p += strlen(tail);
    *p = '\0';
    *len = (size_t)(p - doc);
    return doc;
}

/* Validation only: under valgrind a debug build spends about 15 s of CPU per pass over 20 MB,
 * and one pass proves the point (no crash, no size-related failure, a clean report). */
static void test_big_documents(void) {
    size_t len = 0;
    char *doc = big_resume(20u * 1024u * 1024u, &len);
    CHECK(doc != NULL, "cannot allocate the 20 MB document");
    if (doc == NULL) {
        return;
    }
    char *out = NULL;
    ik_error *err = NULL;
    ik_status status = ik_validate((const uint8_t *)doc, len, &out, &err);
    CHECK(status == IK_OK, "validate(20 MB): status %d: %s", (int)status,
          err ? ik_error_message(err) : "");
    CHECK(out != NULL && strstr(out, "\"valid\":true") != NULL, "validate(20 MB) report: %.300s",
          out ? out : "(null)");
    ik_string_free(out);
    ik_error_free(err);

    free(doc);

    /* Over the 64 MiB input limit: refused before parsing. */
    size_t huge = 64u * 1024u * 1024u + 1u;
    char *blob = malloc(huge);
    CHECK(blob != NULL, "cannot allocate the oversized input");
    if (blob != NULL) {
        memset(blob, ' ', huge);
        expect_error("validate(64 MiB + 1 byte)", ik_validate, blob, huge, IK_E_LIMIT_EXCEEDED,
                     NULL);
        free(blob);
    }
}

static void test_deep_nesting(void) {
    const size_t depth = 10000;
    char *arrays = malloc(2 * depth + 1);
    char *objects = malloc(6 * depth + 2);
    CHECK(arrays != NULL && objects != NULL, "cannot allocate nested inputs");
    if (arrays == NULL || objects == NULL) {
        free(arrays);
        free(objects);
        return;
    }
    memset(arrays, '[', depth);
    memset(arrays + depth, ']', depth);
    arrays[2 * depth] = '\0';
    char *p = objects;
    for (size_t i = 0; i < depth; i++) {
        memcpy(p, "{\"a\":", 5);
        p += 5;
    }
    *p++ = '1';
    memset(p, '}', depth);
    p += depth;
    *p = '\0';
    for (size_t i = 0; i < N_OPS; i++) {
        char what[128];
        snprintf(what, sizeof what, "%s(10,000 nested arrays)", OPS[i].name);
        expect_error(what, OPS[i].fn, arrays, strlen(arrays), IK_E_INVALID_JSON, NULL);
        snprintf(what, sizeof what, "%s(10,000 nested objects)", OPS[i].name);
        expect_error(what, OPS[i].fn, objects, strlen(objects), IK_E_INVALID_JSON, NULL);
    }
    free(arrays);
    free(objects);
}

static void test_future_schema_version(void) {
    char doc[256];
    snprintf(doc, sizeof doc,
             "{\"schema_version\":%u,\"kind\":\"candidate\",\"id\":\"c-future\"}",
             ik_schema_version() + 1);
    expect_error("validate(next schema_version)", ik_validate, doc, strlen(doc),
                 IK_E_UNSUPPORTED_SCHEMA_VERSION, "schema_version");
    expect_error("migrate(next schema_version)", ik_migrate, doc, strlen(doc),
                 IK_E_UNSUPPORTED_SCHEMA_VERSION, "schema_version");
    const char far[] = "{\"schema_version\":4000000000,\"kind\":\"resume\",\"id\":\"r\"}";
    expect_error("validate(schema_version 4e9)", ik_validate, far, strlen(far),
                 IK_E_UNSUPPORTED_SCHEMA_VERSION, "schema_version");
    expect_status("migrate(schema_version 4e9)", ik_migrate, far, strlen(far),
                  IK_E_UNSUPPORTED_SCHEMA_VERSION);
}

static void test_wrong_types(void) {
    static const char *inputs[] = {
        "42", "\"text\"", "null", "true", "{}",
        "{\"schema_version\":\"one\",\"kind\":7,\"id\":[]}",
        "{\"schema_version\":1,\"kind\":\"resume\"}",
        "{\"schema_version\":1,\"kind\":\"resume\",\"id\":\"r\",\"skills\":\"SQL\"}",
        "[{\"schema_version\":1,\"kind\":\"scorecard\"}, 5]",
    };
    for (size_t s = 0; s < sizeof inputs / sizeof inputs[0]; s++) {
        for (size_t i = 0; i < N_OPS; i++) {
            char *out = NULL;
            ik_error *err = NULL;
            ik_status status = OPS[i].fn((const uint8_t *)inputs[s], strlen(inputs[s]), &out,
                                         &err);
            /* Any clean outcome is fine; what matters is no crash and no internal error. */
            CHECK(status != IK_E_INTERNAL, "%s(%s): internal error: %s", OPS[i].name, inputs[s],
                  ik_error_message(err));
            CHECK((status == IK_OK) == (out != NULL) && (status == IK_OK) == (err == NULL),
                  "%s(%s): out/err do not match the status %d", OPS[i].name, inputs[s],
                  (int)status);
            ik_string_free(out);
            ik_error_free(err);
        }
    }
}

/* ik_parse_resume_file: a file's bytes and an options object; bad files and bad options are
 * clean errors naming the argument, never a crash. */
static void test_parse_resume_file(void) {
    static const char RESUME[] =
        "\xe5\xbc\xa0\xe4\xbc\x9f\n"                              /* 张伟 */
        "\xe6\x89\x8b\xe6\x9c\xba\xef\xbc\x9a" "138 0013 8000\n"  /* 手机： */
        "\xe5\xb7\xa5\xe4\xbd\x9c\xe7\xbb\x8f\xe5\x8e\x86\n"      /* 工作经历 */
        "2019.03-\xe8\x87\xb3\xe4\xbb\x8a \xe6\x8b\x9b\xe5\x95\x86\xe9\x93\xb6\xe8\xa1\x8c "
        "\xe5\xae\xa2\xe6\x88\xb7\xe7\xbb\x8f\xe7\x90\x86\n"      /* 2019.03-至今 招商银行 客户经理 */
        "\xe7\x86\x9f\xe6\x82\x89 Python \xe5\x92\x8c SQL\n";     /* 熟悉 Python 和 SQL */
    static const char OPTIONS[] = "{\"reference_date\":\"2024-02-29\",\"file_name\":\"zw.txt\"}";
    char *out = NULL;
    ik_error *err = NULL;
    ik_status status = ik_parse_resume_file((const uint8_t *)RESUME, strlen(RESUME),
                                            (const uint8_t *)OPTIONS, strlen(OPTIONS), &out, &err);
    CHECK(status == IK_OK, "parse_resume_file: status %d: %s", (int)status,
          ik_error_message(err));
    CHECK(out != NULL && strstr(out, "\"total_experience_months\":60") != NULL,
          "parse_resume_file: no total experience in %.400s", out ? out : "(null)");
    CHECK(out != NULL && strstr(out, "\"taxonomy_id\":\"onet:python\"") != NULL,
          "parse_resume_file: Python not recognised: %.400s", out ? out : "(null)");
    CHECK(out != NULL && strstr(out, "\"file_name\":\"zw.txt\"") != NULL,
          "parse_resume_file: file_name option ignored");
    ik_string_free(out);
    ik_error_free(err);

    /* NULL options mean none. */
    out = NULL;
    status = ik_parse_resume_file((const uint8_t *)RESUME, strlen(RESUME), NULL, 0, &out, NULL);
    CHECK(status == IK_OK && out != NULL, "parse_resume_file(options NULL): status %d",
          (int)status);
    ik_string_free(out);

    static const struct {
        const char *what;
        const char *data;
        size_t len;
        const char *options;
        ik_status want;
        const char *needle;
    } bad[] = {
        {"empty file", "", 0, NULL, IK_E_INVALID_ARGUMENT, "bytes"},
        {"truncated zip", "PK\x03\x04\x14\x00\x00\x00", 8, NULL, IK_E_INVALID_ARGUMENT, "bytes"},
        {"options not JSON", "x", 1, "{", IK_E_INVALID_ARGUMENT, "options"},
        {"options not an object", "x", 1, "[1]", IK_E_INVALID_ARGUMENT, "options"},
        {"unknown option", "x", 1, "{\"text\":\"x\"}", IK_E_INVALID_ARGUMENT, "text"},
        {"over max_bytes", "xxxxxxxxxxxxxxxxxxxx", 20, "{\"max_bytes\":10}", IK_E_LIMIT_EXCEEDED,
         "10"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out = NULL;
        err = NULL;
        const char *opt = bad[i].options;
        status = ik_parse_resume_file((const uint8_t *)bad[i].data, bad[i].len,
                                      (const uint8_t *)opt, opt ? strlen(opt) : 0, &out, &err);
        CHECK(status == bad[i].want, "parse_resume_file(%s): status %d, expected %d: %s",
              bad[i].what, (int)status, (int)bad[i].want, ik_error_message(err));
        CHECK(out == NULL, "parse_resume_file(%s): output after a failure", bad[i].what);
        CHECK(err != NULL && strstr(ik_error_message(err), bad[i].needle) != NULL,
              "parse_resume_file(%s): message \"%s\" does not mention %s", bad[i].what,
              ik_error_message(err), bad[i].needle);
        ik_error_free(err);
    }
    status = ik_parse_resume_file(NULL, 0, NULL, 0, &out, NULL);
    CHECK(status == IK_E_INVALID_ARGUMENT, "parse_resume_file(NULL data): status %d",
          (int)status);
}

static void *validate_many(void *arg) {
    (void)arg;
    long bad = 0;
    for (int i = 0; i < 25; i++) {
        char *out = NULL;
        ik_error *err = NULL;
        if (ik_validate((const uint8_t *)SMALL_DOC, strlen(SMALL_DOC), &out, &err) != IK_OK ||
            strstr(out, "\"valid\":true") == NULL) {
            bad++;
        }
        ik_string_free(out);
        ik_error_free(err);
        if (ik_validate((const uint8_t *)"{", 1, &out, &err) != IK_E_INVALID_JSON) {
            bad++;
        }
        ik_error_free(err);
    }
    return (void *)(intptr_t)bad;
}

static void test_threads(void) {
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) {
        CHECK(pthread_create(&threads[t], NULL, validate_many, NULL) == 0, "pthread_create");
    }
    for (int t = 0; t < 4; t++) {
        void *bad = NULL;
        pthread_join(threads[t], &bad);
        CHECK(bad == NULL, "thread %d saw %ld wrong results", t, (long)(intptr_t)bad);
    }
}

static void test_versions(void) {
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", IK_VERSION_MAJOR, IK_VERSION_MINOR,
             IK_VERSION_PATCH);
    CHECK(strcmp(expected, IK_VERSION_STRING) == 0, "IK_VERSION_STRING %s != %s",
          IK_VERSION_STRING, expected);
    CHECK(strcmp(ik_version(), IK_VERSION_STRING) == 0, "ik_version() %s != header %s",
          ik_version(), IK_VERSION_STRING);
    CHECK(ik_abi_version() == IK_ABI_VERSION, "ik_abi_version() %u != header %d",
          ik_abi_version(), IK_ABI_VERSION);
    CHECK(ik_schema_version() >= 1, "ik_schema_version() %u", ik_schema_version());
    CHECK(IK_OK == 0, "IK_OK is not 0");
    CHECK(sizeof(ik_status) == 4, "ik_status is not 32 bits");
    for (int s = IK_OK; s <= IK_E_POLICY_VIOLATION; s++) {
        CHECK(strcmp(ik_status_name(s), "Unknown") != 0, "status %d has no name", s);
    }
    CHECK(strcmp(ik_status_name(IK_OK), "Ok") == 0, "ik_status_name(IK_OK)");
    CHECK(strcmp(ik_status_name(IK_E_INVALID_JSON), "InvalidJson") == 0, "InvalidJson name");
    CHECK(strcmp(ik_status_name(-1), "Unknown") == 0, "ik_status_name(-1)");
    CHECK(strcmp(ik_status_name(IK_E_POLICY_VIOLATION + 1000), "Unknown") == 0, "ik_status_name(large)");
}

/* A 200 Hz tone at 16 kHz by rotating a unit vector (no libm): cos and sin of 2*pi*200/16000. */
static void tone_200hz(float *out, size_t n) {
    const double c = 0.99691733373312796, s = 0.07845909572784494;
    double x = 1.0, y = 0.0;
    for (size_t i = 0; i < n; i++) {
        out[i] = (float)(0.3 * y);
        double nx = x * c - y * s;
        y = x * s + y * c;
        x = nx;
    }
}

static void test_voice_stream(void) {
    enum { RATE = 16000, N = RATE };
    static float samples[N];
    tone_200hz(samples, N);
    ik_voice_stream *stream = NULL;
    ik_error *err = NULL;
    ik_status status = ik_voice_stream_new(RATE, NULL, 0, &stream, &err);
    CHECK(status == IK_OK && stream != NULL, "voice_stream_new: status %d: %s", (int)status,
          ik_error_message(err));
    ik_error_free(err);
    for (size_t at = 0; at < N; at += 1000) {
        size_t n = N - at < 1000 ? N - at : 1000;
        status = ik_voice_stream_push_f32(stream, samples + at, n, NULL);
        CHECK(status == IK_OK, "voice_stream_push_f32: status %d", (int)status);
    }
    /* 16-bit samples too: a tenth of a second of silence. */
    static int16_t quiet[RATE / 10];
    status = ik_voice_stream_push_i16(stream, quiet, RATE / 10, NULL);
    CHECK(status == IK_OK, "voice_stream_push_i16: status %d", (int)status);

    /* A NaN is refused with its position in the stream; the stream stays usable. */
    float bad[3] = {0.0f, 0.0f, 0.0f};
    bad[2] = bad[0] / bad[1];
    err = NULL;
    status = ik_voice_stream_push_f32(stream, bad, 3, &err);
    CHECK(status == IK_E_INVALID_ARGUMENT &&
              strstr(ik_error_message(err), "samples[17602]") != NULL,
          "voice NaN: status %d: %s", (int)status, ik_error_message(err));
    ik_error_free(err);

    static const char OPTIONS[] = "{\"transcript\":\"um, so, uh, yes\"}";
    char *out = NULL;
    err = NULL;
    status = ik_voice_stream_finish(stream, (const uint8_t *)OPTIONS, strlen(OPTIONS), &out, &err);
    CHECK(status == IK_OK && out != NULL, "voice_stream_finish: status %d: %s", (int)status,
          ik_error_message(err));
    CHECK(out != NULL && strstr(out, "\"median_hz\":200") != NULL,
          "voice: median F0 not 200 Hz: %.300s", out ? out : "(null)");
    CHECK(out != NULL && strstr(out, "\"fillers\":{\"source\":\"transcript\",\"count\":2") != NULL,
          "voice: fillers: %.600s", out ? out : "(null)");
    ik_string_free(out);
    ik_error_free(err);

    /* Finished: a second finish is an error naming the stream, not a crash. */
    out = NULL;
    err = NULL;
    status = ik_voice_stream_finish(stream, NULL, 0, &out, &err);
    CHECK(status == IK_E_INVALID_ARGUMENT && out == NULL &&
              strstr(ik_error_message(err), "stream") != NULL,
          "voice finish twice: status %d", (int)status);
    ik_error_free(err);
    ik_voice_stream_free(stream);
    ik_voice_stream_free(NULL);

    /* NULL handles and pointers. */
    CHECK(ik_voice_stream_push_f32(NULL, samples, 1, NULL) == IK_E_INVALID_ARGUMENT,
          "voice push to NULL stream");
    CHECK(ik_voice_stream_new(RATE, NULL, 0, NULL, NULL) == IK_E_INVALID_ARGUMENT,
          "voice new with NULL out_stream");
    err = NULL;
    status = ik_voice_stream_new(4000, NULL, 0, &stream, &err);
    CHECK(status == IK_E_INVALID_ARGUMENT && stream == NULL &&
              strstr(ik_error_message(err), "sample_rate") != NULL,
          "voice rate 4000: status %d", (int)status);
    ik_error_free(err);

    /* A WAV file's bytes: a header cut short is an error naming `wav`. */
    static const char HALF_HEADER[] = "RIFF\x24\x00\x00\x00WAVEfmt ";
    err = NULL;
    out = NULL;
    status = ik_voice_features_wav((const uint8_t *)HALF_HEADER, sizeof HALF_HEADER - 1, NULL, 0,
                                   &out, &err);
    CHECK(status == IK_E_INVALID_ARGUMENT && strstr(ik_error_message(err), "wav") != NULL,
          "voice truncated WAV: status %d: %s", (int)status, ik_error_message(err));
    ik_error_free(err);
}

int main(void) {
    test_versions();
    test_null_arguments();
    test_success_and_unterminated_input();
    test_invalid_utf8();
    test_deep_nesting();
    test_future_schema_version();
    test_wrong_types();
    test_parse_resume_file();
    test_voice_stream();
    test_threads();
    test_big_documents();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
