/*
 * Runs every case of every JSON file in tests/vectors through the InterviewKit C API.
 *
 * Usage: vectors REPO_ROOT
 *
 * Files are discovered with opendir (never a fixed list). Each case's input (`input`,
 * `input_text`, `input_base64` or `input_file`) goes through its op or ops in order, each
 * output being the next input, and the result is checked against `expect` (pattern rules of
 * tests/vectors/README.md), `expect_same_as_input` (deep equality) or `error` (status code,
 * name and issues from the error's JSON). Prints one line per case and closes with
 * "N passed, M failed"; exits non-zero when a case fails or none ran.
 */
#define _POSIX_C_SOURCE 200809L

#include <interviewkit.h>

#include <cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef ik_status (*json_op)(const uint8_t *, size_t, char **, ik_error **);

/* A byte buffer owned by the runner (malloc), NUL-terminated for convenience. */
typedef struct {
    unsigned char *data;
    size_t len;
} bytes;

static char reason[4096];

/* Values the library must overwrite: every call sets *out_json and *err (to NULL or a result). */
static char out_sentinel[] = "not reset";
static int err_sentinel;

/* Records why a case failed; returns false so callers can `return fail(...)`. */
static bool fail(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(reason, sizeof reason, format, args);
    va_end(args);
    return false;
}

static bool bytes_from(const void *data, size_t len, bytes *out) {
    out->data = malloc(len + 1);
    if (out->data == NULL) {
        return fail("out of memory");
    }
    if (len > 0) {
        memcpy(out->data, data, len);
    }
    out->data[len] = '\0';
    out->len = len;
    return true;
}

static bool read_file(const char *path, bytes *out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return fail("cannot open %s", path);
    }
    size_t cap = 1 << 16, len = 0;
    unsigned char *data = malloc(cap + 1);
    while (data != NULL) {
        len += fread(data + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        cap *= 2;
        unsigned char *grown = realloc(data, cap + 1);
        if (grown == NULL) {
            free(data);
        }
        data = grown;
    }
    bool read_error = ferror(f) != 0;
    fclose(f);
    if (data == NULL) {
        return fail("out of memory reading %s", path);
    }
    if (read_error) {
        free(data);
        return fail("cannot read %s", path);
    }
    data[len] = '\0';
    out->data = data;
    out->len = len;
    return true;
}

static int base64_value(int c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Decodes standard (or URL-safe) base64; padding optional, whitespace ignored. */
static bool base64_decode(const char *text, bytes *out) {
    size_t n = strlen(text);
    out->data = malloc(n / 4 * 3 + 4);
    if (out->data == NULL) {
        return fail("out of memory");
    }
    size_t len = 0;
    unsigned int acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)text[i];
        if (c == '=') {
            break;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            continue;
        }
        int v = base64_value(c);
        if (v < 0) {
            free(out->data);
            out->data = NULL;
            return fail("input_base64 has a character outside base64: '%c'", c);
        }
        acc = (acc << 6) | (unsigned int)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out->data[len++] = (unsigned char)((acc >> bits) & 0xFF);
        }
    }
    out->data[len] = '\0';
    out->len = len;
    return true;
}

static const char *type_name(const cJSON *v) {
    if (cJSON_IsObject(v)) return "object";
    if (cJSON_IsArray(v)) return "array";
    if (cJSON_IsString(v)) return "string";
    if (cJSON_IsNumber(v)) return "number";
    if (cJSON_IsBool(v)) return "boolean";
    if (cJSON_IsNull(v)) return "null";
    return "invalid";
}

/* Pattern rules of tests/vectors/README.md. `path` is a JSON pointer for messages. */
static bool matches(const cJSON *pattern, const cJSON *actual, const char *path) {
    char child[1024];
    if (actual == NULL) {
        return fail("%s: missing (expected %s)", *path ? path : "(root)", type_name(pattern));
    }
    if (cJSON_IsObject(pattern)) {
        if (!cJSON_IsObject(actual)) {
            return fail("%s: expected an object, got %s", *path ? path : "(root)",
                        type_name(actual));
        }
        const cJSON *item;
        cJSON_ArrayForEach(item, pattern) {
            snprintf(child, sizeof child, "%s/%s", path, item->string);
            if (!matches(item, cJSON_GetObjectItemCaseSensitive(actual, item->string), child)) {
                return false;
            }
        }
        return true;
    }
    if (cJSON_IsArray(pattern)) {
        if (!cJSON_IsArray(actual)) {
            return fail("%s: expected an array, got %s", *path ? path : "(root)",
                        type_name(actual));
        }
        int n = cJSON_GetArraySize(pattern), m = cJSON_GetArraySize(actual);
        if (n != m) {
            char *text = cJSON_PrintUnformatted(actual);
            fail("%s: expected %d elements, got %d: %.1500s", *path ? path : "(root)", n, m,
                 text ? text : "?");
            free(text);
            return false;
        }
        for (int i = 0; i < n; i++) {
            snprintf(child, sizeof child, "%s/%d", path, i);
            if (!matches(cJSON_GetArrayItem(pattern, i), cJSON_GetArrayItem(actual, i), child)) {
                return false;
            }
        }
        return true;
    }
    if (cJSON_IsNumber(pattern)) {
        double e = pattern->valuedouble;
        if (!cJSON_IsNumber(actual)) {
            return fail("%s: expected number %g, got %s", path, e, type_name(actual));
        }
        double a = actual->valuedouble;
        if (!(fabs(a - e) <= 1e-9 * fmax(1.0, fabs(e)))) {
            return fail("%s: expected %.17g, got %.17g", path, e, a);
        }
        return true;
    }
    if (cJSON_IsString(pattern)) {
        if (!cJSON_IsString(actual) || strcmp(pattern->valuestring, actual->valuestring) != 0) {
            char *text = cJSON_PrintUnformatted(actual);
            fail("%s: expected \"%s\", got %s", path, pattern->valuestring, text ? text : "?");
            free(text);
            return false;
        }
        return true;
    }
    if (cJSON_IsBool(pattern)) {
        if (!cJSON_IsBool(actual) || cJSON_IsTrue(pattern) != cJSON_IsTrue(actual)) {
            return fail("%s: expected %s, got %s", path, cJSON_IsTrue(pattern) ? "true" : "false",
                        cJSON_IsBool(actual) ? (cJSON_IsTrue(actual) ? "true" : "false")
                                             : type_name(actual));
        }
        return true;
    }
    if (cJSON_IsNull(pattern)) {
        if (!cJSON_IsNull(actual)) {
            return fail("%s: expected null, got %s", path, type_name(actual));
        }
        return true;
    }
    return fail("%s: the pattern has an unknown JSON type", path);
}

/* Exact deep equality: same type, same keys (any order), same elements, equal numbers. */
static bool deep_equal(const cJSON *a, const cJSON *b, const char *path) {
    char child[1024];
    if (a == NULL || b == NULL) {
        return fail("%s: present on one side only", *path ? path : "(root)");
    }
    if (strcmp(type_name(a), type_name(b)) != 0) {
        return fail("%s: %s became %s", *path ? path : "(root)", type_name(a), type_name(b));
    }
    if (cJSON_IsObject(a)) {
        if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) {
            const cJSON *item;
            cJSON_ArrayForEach(item, b) {
                if (cJSON_GetObjectItemCaseSensitive(a, item->string) == NULL) {
                    return fail("%s/%s: key added", path, item->string);
                }
            }
            cJSON_ArrayForEach(item, a) {
                if (cJSON_GetObjectItemCaseSensitive(b, item->string) == NULL) {
                    return fail("%s/%s: key lost", path, item->string);
                }
            }
            return fail("%s: key count differs", *path ? path : "(root)");
        }
        const cJSON *item;
        cJSON_ArrayForEach(item, a) {
            snprintf(child, sizeof child, "%s/%s", path, item->string);
            if (!deep_equal(item, cJSON_GetObjectItemCaseSensitive(b, item->string), child)) {
                return false;
            }
        }
        return true;
    }
    if (cJSON_IsArray(a)) {
        int n = cJSON_GetArraySize(a);
        if (n != cJSON_GetArraySize(b)) {
            return fail("%s: %d elements became %d", *path ? path : "(root)", n,
                        cJSON_GetArraySize(b));
        }
        for (int i = 0; i < n; i++) {
            snprintf(child, sizeof child, "%s/%d", path, i);
            if (!deep_equal(cJSON_GetArrayItem(a, i), cJSON_GetArrayItem(b, i), child)) {
                return false;
            }
        }
        return true;
    }
    if (cJSON_IsNumber(a)) {
        if (a->valuedouble != b->valuedouble) {
            return fail("%s: %.17g became %.17g", path, a->valuedouble, b->valuedouble);
        }
        return true;
    }
    if (cJSON_IsString(a)) {
        if (strcmp(a->valuestring, b->valuestring) != 0) {
            return fail("%s: \"%s\" became \"%s\"", path, a->valuestring, b->valuestring);
        }
        return true;
    }
    if (cJSON_IsBool(a) && cJSON_IsTrue(a) != cJSON_IsTrue(b)) {
        return fail("%s: boolean changed", path);
    }
    return true;
}

static json_op op_named(const char *name) {
    static const struct {
        const char *name;
        json_op fn;
    } ops[] = {
        {"validate", ik_validate},
        {"migrate", ik_migrate},
        {"import_json_resume", ik_import_json_resume},
        {"export_json_resume", ik_export_json_resume},
        {"merge_profiles", ik_merge_profiles},
        {"audit", ik_audit},
        {"audit_render", ik_audit_render},
        {"redact", ik_redact},
        {"role_view", ik_role_view},
        {"encrypt", ik_encrypt},
        {"decrypt", ik_decrypt},
        {"rotate_keys", ik_rotate_keys},
        {"generate_key", ik_generate_key},
        {"log_append", ik_log_append},
        {"log_verify", ik_log_verify},
        {"potential_fit", ik_potential_fit},
        {"potential_predict", ik_potential_predict},
        {"potential_evaluate", ik_potential_evaluate},
        {"potential_update", ik_potential_update},
        {"potential_insights", ik_potential_insights},
        {"bank_list", ik_bank_list},
        {"interview_plan", ik_interview_plan},
        {"session_create", ik_session_create},
        {"session_apply", ik_session_apply},
        {"session_drain", ik_session_drain},
        {"session_verify", ik_session_verify},
        {"answer_score", ik_answer_score},
        {"interview_score", ik_interview_score},
        {"interview_replay", ik_interview_replay},
        {"policy_check", ik_policy_check},
        {"policy_profile", ik_policy_profile},
        {"calibrate", ik_calibrate},
        {"parse_resume", ik_parse_resume},
        {"taxonomy_lookup", ik_taxonomy_lookup},
        {"taxonomy_info", ik_taxonomy_info},
        {"ner_train", ik_ner_train},
        {"ner_tag", ik_ner_tag},
        {"ner_eval", ik_ner_eval},
        {"visual_summary", ik_visual_summary},
        {"fuse", ik_fuse},
        {"fusion_learn", ik_fusion_learn},
        {"job_parse", ik_job_parse},
        {"semantic_embed", ik_semantic_embed},
        {"match_resume", ik_match_resume},
        {"rank_resumes", ik_rank_resumes},
        {"index_build", ik_index_build},
        {"index_query", ik_index_query},
        {"match_learn_weights", ik_match_learn_weights},
        {"report", ik_report},
        {"wecom_payload", ik_wecom_payload},
        {"subscribe_message", ik_subscribe_message},
        {"funnel", ik_funnel},
        {"develop", ik_develop},
        {"success_profile", ik_success_profile},
        {"voice_features", ik_voice_features},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(ops[i].name, name) == 0) {
            return ops[i].fn;
        }
    }
    return NULL;
}

/* The `version` op: the run-time version functions as the JSON every face returns. */
static bool version_json(bytes *out) {
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "engine_version", ik_version());
    cJSON_AddNumberToObject(v, "schema_version", ik_schema_version());
    char *text = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    bool ok = text != NULL && bytes_from(text, strlen(text), out);
    free(text);
    return ok;
}

/* The case's input bytes, and its input as a JSON value when it has one (for
 * expect_same_as_input). */
static bool case_input(const cJSON *c, const char *root, bytes *in, cJSON **value) {
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(c, "input_text");
    const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(c, "input_base64");
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(c, "input_file");
    in->data = NULL;
    in->len = 0;
    *value = NULL;
    if (input != NULL) {
        char *s = cJSON_PrintUnformatted(input);
        if (s == NULL) {
            return fail("cannot serialise `input`");
        }
        bool ok = bytes_from(s, strlen(s), in);
        free(s);
        *value = cJSON_Duplicate(input, 1);
        return ok;
    }
    if (cJSON_IsString(text)) {
        if (!bytes_from(text->valuestring, strlen(text->valuestring), in)) {
            return false;
        }
    } else if (cJSON_IsString(b64)) {
        if (!base64_decode(b64->valuestring, in)) {
            return false;
        }
    } else if (cJSON_IsString(file)) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", root, file->valuestring);
        if (!read_file(path, in)) {
            return false;
        }
    } else {
        return bytes_from("", 0, in);
    }
    *value = cJSON_ParseWithLength((const char *)in->data, in->len);
    return true;
}

/* Checks a failed call against the case's `error`. */
static bool check_error(const cJSON *expected, ik_status status, const ik_error *err,
                        const char *out) {
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(expected, "code");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(expected, "name");
    const cJSON *issues = cJSON_GetObjectItemCaseSensitive(expected, "issues");
    if (status == IK_OK) {
        return fail("expected error %s (%d), but the call succeeded with %s",
                    cJSON_IsString(name) ? name->valuestring : "?",
                    cJSON_IsNumber(code) ? code->valueint : -1, out ? out : "(null)");
    }
    if (out != NULL) {
        return fail("a failed call left *out_json non-NULL");
    }
    if (err == NULL) {
        return fail("a failed call gave no ik_error");
    }
    if (!cJSON_IsNumber(code) || status != (ik_status)code->valueint) {
        return fail("expected status %d, got %d (%s): %s",
                    cJSON_IsNumber(code) ? code->valueint : -1, (int)status,
                    ik_status_name(status), ik_error_message(err));
    }
    if (ik_error_code(err) != status) {
        return fail("ik_error_code %d differs from the returned status %d",
                    (int)ik_error_code(err), (int)status);
    }
    const char *message = ik_error_message(err);
    if (message == NULL || message[0] == '\0') {
        return fail("empty error message");
    }
    const char *json = ik_error_json(err);
    cJSON *doc = json ? cJSON_Parse(json) : NULL;
    if (doc == NULL) {
        return fail("ik_error_json is not JSON: %s", json ? json : "(null)");
    }
    bool ok = true;
    const cJSON *got_name = cJSON_GetObjectItemCaseSensitive(doc, "name");
    const cJSON *got_code = cJSON_GetObjectItemCaseSensitive(doc, "code");
    const cJSON *got_message = cJSON_GetObjectItemCaseSensitive(doc, "message");
    if (!cJSON_IsString(name) || !cJSON_IsString(got_name) ||
        strcmp(name->valuestring, got_name->valuestring) != 0) {
        ok = fail("expected error name %s, the error JSON says %s",
                  cJSON_IsString(name) ? name->valuestring : "?", json);
    } else if (strcmp(ik_status_name(status), name->valuestring) != 0) {
        ok = fail("ik_status_name(%d) is %s, expected %s", (int)status, ik_status_name(status),
                  name->valuestring);
    } else if (!cJSON_IsNumber(got_code) || got_code->valueint != (int)status) {
        ok = fail("the error JSON's code differs from the status: %s", json);
    } else if (!cJSON_IsString(got_message) || strcmp(got_message->valuestring, message) != 0) {
        ok = fail("the error JSON's message differs from ik_error_message: %s", json);
    } else if (issues != NULL) {
        ok = matches(issues, cJSON_GetObjectItemCaseSensitive(doc, "issues"), "/issues");
    }
    cJSON_Delete(doc);
    return ok;
}

/* Runs one case; on failure `reason` says why. */
static bool run_case(const cJSON *c, const char *root) {
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(c, "op");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    const cJSON *same = cJSON_GetObjectItemCaseSensitive(c, "expect_same_as_input");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(c, "error");
    if (expect == NULL && !cJSON_IsTrue(same) && error == NULL) {
        return fail("the case has no `expect`, `expect_same_as_input` or `error`");
    }

    /* The ops, in order: a string or an array of strings. */
    const char *names[16];
    int n_ops = 0;
    if (cJSON_IsString(op)) {
        names[n_ops++] = op->valuestring;
    } else if (cJSON_IsArray(op)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, op) {
            if (!cJSON_IsString(item) || n_ops == 16) {
                return fail("`op` must be a string or an array of at most 16 strings");
            }
            names[n_ops++] = item->valuestring;
        }
    }
    if (n_ops == 0) {
        return fail("the case has no `op`");
    }

    bytes in;
    cJSON *input_value = NULL;
    if (!case_input(c, root, &in, &input_value)) {
        return false;
    }

    bool ok = true;
    ik_status status = IK_OK;
    ik_error *err = NULL;
    char *out = NULL;
    for (int i = 0; i < n_ops && ok; i++) {
        if (strcmp(names[i], "version") == 0) {
            free(in.data);
            ok = version_json(&in);
            continue;
        }
        json_op fn = op_named(names[i]);
        if (fn == NULL) {
            ok = fail("unknown op \"%s\"", names[i]);
            break;
        }
        out = out_sentinel;
        err = (ik_error *)&err_sentinel;
        status = fn(in.data, in.len, &out, &err);
        if (out == out_sentinel || err == (ik_error *)&err_sentinel) {
            out = NULL;
            err = NULL;
            ok = fail("%s left *out_json or *err unset", names[i]);
            break;
        }
        if (status != IK_OK) {
            break;
        }
        if (err != NULL) {
            err = NULL;
            ok = fail("%s succeeded but left *err non-NULL", names[i]);
            ik_string_free(out);
            out = NULL;
            break;
        }
        if (out == NULL) {
            ok = fail("%s succeeded but returned no JSON", names[i]);
            break;
        }
        free(in.data);
        ok = bytes_from(out, strlen(out), &in);
        ik_string_free(out);
        out = NULL;
    }

    if (ok && error != NULL) {
        ok = check_error(error, status, err, out);
    } else if (ok && status != IK_OK) {
        ok = fail("failed with %s (%d): %s", ik_status_name(status), (int)status,
                  ik_error_message(err));
    } else if (ok) {
        cJSON *result = cJSON_ParseWithLength((const char *)in.data, in.len);
        if (result == NULL) {
            ok = fail("the result is not JSON: %.200s", (const char *)in.data);
        } else if (expect != NULL && !matches(expect, result, "")) {
            ok = false;
        } else if (cJSON_IsTrue(same)) {
            if (input_value == NULL) {
                ok = fail("expect_same_as_input needs a JSON input");
            } else {
                ok = deep_equal(input_value, result, "");
            }
        }
        cJSON_Delete(result);
    }
    if (status != IK_OK) {
        ik_string_free(out); /* NULL after a failure; freeing NULL is allowed */
        ik_error_free(err);
    }
    free(in.data);
    cJSON_Delete(input_value);
    return ok;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1];
    char dir_path[4096];
    snprintf(dir_path, sizeof dir_path, "%s/tests/vectors", root);

    DIR *dir = opendir(dir_path);
    if (dir == NULL) {
        fprintf(stderr, "cannot open %s\n", dir_path);
        return 2;
    }
    char *files[256];
    size_t n_files = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && n_files < 256) {
        size_t len = strlen(entry->d_name);
        if (len > 5 && strcmp(entry->d_name + len - 5, ".json") == 0) {
            files[n_files++] = strdup(entry->d_name);
        }
    }
    closedir(dir);
    qsort(files, n_files, sizeof files[0], compare_names);

    int passed = 0, failed = 0;
    for (size_t f = 0; f < n_files; f++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir_path, files[f]);
        bytes text;
        cJSON *doc = NULL;
        if (read_file(path, &text)) {
            doc = cJSON_ParseWithLength((const char *)text.data, text.len);
            free(text.data);
        }
        const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
        if (!cJSON_IsArray(cases)) {
            printf("FAIL %s: not a vector file ({\"cases\": [...]})\n", files[f]);
            failed++;
            cJSON_Delete(doc);
            free(files[f]);
            continue;
        }
        const cJSON *c;
        cJSON_ArrayForEach(c, cases) {
            const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
            const char *case_name = cJSON_IsString(name) ? name->valuestring : "(unnamed)";
            reason[0] = '\0';
            if (run_case(c, root)) {
                printf("ok   %s/%s\n", files[f], case_name);
                passed++;
            } else {
                printf("FAIL %s/%s: %s\n", files[f], case_name, reason);
                failed++;
            }
        }
        cJSON_Delete(doc);
        free(files[f]);
    }
    if (passed + failed == 0) {
        printf("no vector cases found under %s\n", dir_path);
        failed = 1;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
