// One JUnit test per case of every tests/vectors/*.json file (discovered at run time).
package org.interviewkit.test

import java.io.File
import java.util.Base64
import org.interviewkit.InterviewKitException
import org.json.JSONArray
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Assume.assumeTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized

@RunWith(Parameterized::class)
class VectorTest(private val name: String, private val case: JSONObject) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> {
            val cases = Vectors.cases()
            val perFile = cases.groupingBy { it.getString("_file") }.eachCount()
            println("vectors: ${cases.size} cases in ${perFile.size} files $perFile")
            check(cases.isNotEmpty()) { "no vector cases found under ${Vectors.root}/tests/vectors" }
            return cases.map { arrayOf(it.getString("name"), it) }
        }
    }

    @Test
    fun vector() {
        if (case.has("input_base64")) {
            // A Kotlin String is UTF-16 text; it cannot carry the invalid UTF-8 these cases hold,
            // and this face has no ByteArray entry. Counted as skipped (assumption), not passed.
            val bytes = Base64.getDecoder().decode(case.getString("input_base64"))
            println("\nSKIP $name: input_base64 holds ${bytes.size} raw bytes that are not valid " +
                "UTF-8; Kotlin Strings cannot carry them")
            assumeTrue("input_base64 cases need a bytes entry", false)
        }

        val input: String? = when {
            case.has("input_text") -> case.getString("input_text")
            case.has("input_file") ->
                File(Vectors.root, case.getString("input_file")).readText(Charsets.UTF_8)
            case.has("input") -> JSONObject.valueToString(case.get("input"))
            else -> null
        }
        val ops: List<String> = when (val op = case.get("op")) {
            is JSONArray -> (0 until op.length()).map { op.getString(it) }
            else -> listOf(op as String)
        }

        var text = input
        var failure: InterviewKitException? = null
        try {
            for (op in ops) text = Vectors.call(op, text)
        } catch (e: InterviewKitException) {
            failure = e
        }

        if (case.has("error")) {
            val expected = case.getJSONObject("error")
            val e = failure ?: run {
                fail("$name: expected error ${expected.getString("name")}, got result ${text?.take(300)}")
                return
            }
            assertEquals("$name: error class", expected.getString("name"), e.javaClass.simpleName)
            assertEquals("$name: errorName()", expected.getString("name"), e.errorName())
            assertEquals("$name: errorCode()", expected.getInt("code"), e.errorCode())
            assertEquals("$name: code field", expected.getInt("code"), fieldCode(e))
            if (expected.has("issues")) {
                val issues = JSONArray(e.errorIssuesJson())
                Vectors.mismatch(expected.getJSONArray("issues"), issues, "issues")
                    ?.let { fail("$name: $it") }
            }
            return
        }

        if (failure != null) fail("$name: unexpected ${failure.javaClass.simpleName}: $failure")
        val actual = Vectors.parse(text!!)
        if (case.optBoolean("expect_same_as_input", false)) {
            val original = Vectors.parse(input!!)
            assertTrue("$name: result differs from input: ${text.take(300)}",
                Vectors.deepEquals(original, actual))
        }
        if (case.has("expect")) {
            Vectors.mismatch(case.get("expect"), actual)?.let { fail("$name: $it") }
        }
        assertTrue("$name: the case states no expectation",
            case.has("expect") || case.has("expect_same_as_input"))
    }
}
