/*
 * InterviewKit from C: validate an archive document, import a JSON Resume, and read an error.
 *
 * Build against an installed library (scripts/install-c PREFIX):
 *   export PKG_CONFIG_PATH=PREFIX/lib/pkgconfig
 *   cc -std=c11 example.c $(pkg-config --cflags --libs interviewkit) -o example
 *   LD_LIBRARY_PATH=PREFIX/lib ./example
 */
#include <interviewkit.h>

#include <stdio.h>
#include <string.h>

/* Runs one call and prints its result or its error; returns the status. */
static ik_status show(const char *what,
                      ik_status (*op)(const uint8_t *, size_t, char **, ik_error **),
                      const char *input) {
    char *out = NULL;
    ik_error *err = NULL;
    ik_status status = op((const uint8_t *)input, strlen(input), &out, &err);
    if (status == IK_OK) {
        printf("%s: %s\n", what, out);
    } else {
        printf("%s failed with %s (%d): %s\n  as JSON: %s\n", what, ik_status_name(status),
               (int)status, ik_error_message(err), ik_error_json(err));
    }
    ik_string_free(out); /* both accept NULL */
    ik_error_free(err);
    return status;
}

int main(void) {
    if (ik_abi_version() != IK_ABI_VERSION) {
        fprintf(stderr, "header ABI %d but library ABI %u\n", IK_ABI_VERSION, ik_abi_version());
        return 1;
    }
    printf("InterviewKit %s (header %s), archive schema v%u\n", ik_version(), IK_VERSION_STRING,
           ik_schema_version());

    /* An invalid document is a successful validation with "valid": false and every issue. */
    int failures = 0;
    failures += show("validate", ik_validate,
                     "{\"schema_version\":1,\"kind\":\"candidate\",\"id\":\"c-1\","
                     "\"contact\":{\"email\":\"not-an-email\"}}") != IK_OK;
    failures += show("import_json_resume", ik_import_json_resume,
                     "{\"basics\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},"
                     "\"skills\":[{\"name\":\"Mathematics\",\"level\":\"Master\"}]}") != IK_OK;

    /* Input the library cannot read is an error with a status and a message. */
    ik_status status = show("validate", ik_validate, "{\"schema_version\": 99, \"kind\"");
    if (status != IK_E_INVALID_JSON) {
        failures++;
    }
    return failures == 0 ? 0 : 1;
}
