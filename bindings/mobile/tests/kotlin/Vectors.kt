// Reads the cross-face golden vectors (tests/vectors/*.json) and implements the matching rules of
// tests/vectors/README.md with org.json. Shared by VectorTest and ApiTest.
package org.interviewkit.test

import java.io.File
import java.math.BigDecimal
import org.interviewkit.InterviewKitException
import org.interviewkit.answerScore
import org.interviewkit.audit
import org.interviewkit.auditRender
import org.interviewkit.bankList
import org.interviewkit.calibrate
import org.interviewkit.decrypt
import org.interviewkit.encrypt
import org.interviewkit.exportJsonResume
import org.interviewkit.generateKey
import org.interviewkit.importJsonResume
import org.interviewkit.interviewPlan
import org.interviewkit.interviewReplay
import org.interviewkit.interviewScore
import org.interviewkit.logAppend
import org.interviewkit.logVerify
import org.interviewkit.mergeProfiles
import org.interviewkit.migrate
import org.interviewkit.nerEval
import org.interviewkit.visualSummary
import org.interviewkit.fuse
import org.interviewkit.fusionLearn
import org.interviewkit.jobParse
import org.interviewkit.semanticEmbed
import org.interviewkit.matchResume
import org.interviewkit.rankResumes
import org.interviewkit.indexBuild
import org.interviewkit.indexQuery
import org.interviewkit.matchLearnWeights
import org.interviewkit.report
import org.interviewkit.wecomPayload
import org.interviewkit.subscribeMessage
import org.interviewkit.funnel
import org.interviewkit.develop
import org.interviewkit.successProfile
import org.interviewkit.voiceFeatures
import org.interviewkit.nerTag
import org.interviewkit.nerTrain
import org.interviewkit.parseResume
import org.interviewkit.policyCheck
import org.interviewkit.policyProfile
import org.interviewkit.potentialEvaluate
import org.interviewkit.potentialFit
import org.interviewkit.potentialInsights
import org.interviewkit.potentialPredict
import org.interviewkit.potentialUpdate
import org.interviewkit.redact
import org.interviewkit.roleView
import org.interviewkit.rotateKeys
import org.interviewkit.sessionApply
import org.interviewkit.sessionCreate
import org.interviewkit.sessionDrain
import org.interviewkit.sessionVerify
import org.interviewkit.taxonomyInfo
import org.interviewkit.taxonomyLookup
import org.interviewkit.validate
import org.interviewkit.version
import org.json.JSONArray
import org.json.JSONObject
import org.json.JSONTokener

object Vectors {
    /** The repository root, from `-Dik.root=...` (scripts/test-kotlin sets it). */
    val root: File by lazy {
        val path = System.getProperty("ik.root") ?: System.getenv("IK_ROOT")
            ?: error("set -Dik.root=<repository root>")
        File(path)
    }

    /** Every `*.json` file under tests/vectors, found at run time, in name order. */
    fun files(): List<File> =
        (File(root, "tests/vectors").listFiles() ?: emptyArray())
            .filter { it.isFile && it.name.endsWith(".json") }
            .sortedBy { it.name }

    /** Every case of every file, each tagged with its file name under the key `_file`. */
    fun cases(): List<JSONObject> = files().flatMap { file ->
        val cases = JSONObject(file.readText(Charsets.UTF_8)).getJSONArray("cases")
        (0 until cases.length()).map { i -> cases.getJSONObject(i).put("_file", file.name) }
    }

    /** Calls one operation of the bindings by its vector name. */
    fun call(op: String, input: String?): String = when (op) {
        "version" -> version()
        "validate" -> validate(input!!)
        "migrate" -> migrate(input!!)
        "import_json_resume" -> importJsonResume(input!!)
        "export_json_resume" -> exportJsonResume(input!!)
        "merge_profiles" -> mergeProfiles(input!!)
        "audit" -> audit(input!!)
        "audit_render" -> auditRender(input!!)
        "redact" -> redact(input!!)
        "role_view" -> roleView(input!!)
        "encrypt" -> encrypt(input!!)
        "decrypt" -> decrypt(input!!)
        "rotate_keys" -> rotateKeys(input!!)
        "generate_key" -> generateKey(input!!)
        "log_append" -> logAppend(input!!)
        "log_verify" -> logVerify(input!!)
        "potential_fit" -> potentialFit(input!!)
        "potential_predict" -> potentialPredict(input!!)
        "potential_evaluate" -> potentialEvaluate(input!!)
        "potential_update" -> potentialUpdate(input!!)
        "potential_insights" -> potentialInsights(input!!)
        "bank_list" -> bankList(input!!)
        "interview_plan" -> interviewPlan(input!!)
        "session_create" -> sessionCreate(input!!)
        "session_apply" -> sessionApply(input!!)
        "session_drain" -> sessionDrain(input!!)
        "session_verify" -> sessionVerify(input!!)
        "answer_score" -> answerScore(input!!)
        "interview_score" -> interviewScore(input!!)
        "interview_replay" -> interviewReplay(input!!)
        "policy_check" -> policyCheck(input!!)
        "policy_profile" -> policyProfile(input!!)
        "calibrate" -> calibrate(input!!)
        "parse_resume" -> parseResume(input!!)
        "taxonomy_lookup" -> taxonomyLookup(input!!)
        "taxonomy_info" -> taxonomyInfo(input!!)
        "ner_train" -> nerTrain(input!!)
        "ner_tag" -> nerTag(input!!)
        "ner_eval" -> nerEval(input!!)
        "visual_summary" -> visualSummary(input!!)
        "fuse" -> fuse(input!!)
        "fusion_learn" -> fusionLearn(input!!)
        "job_parse" -> jobParse(input!!)
        "semantic_embed" -> semanticEmbed(input!!)
        "match_resume" -> matchResume(input!!)
        "rank_resumes" -> rankResumes(input!!)
        "index_build" -> indexBuild(input!!)
        "index_query" -> indexQuery(input!!)
        "match_learn_weights" -> matchLearnWeights(input!!)
        "report" -> report(input!!)
        "wecom_payload" -> wecomPayload(input!!)
        "subscribe_message" -> subscribeMessage(input!!)
        "funnel" -> funnel(input!!)
        "develop" -> develop(input!!)
        "success_profile" -> successProfile(input!!)
        "voice_features" -> voiceFeatures(input!!)
        else -> throw IllegalArgumentException("unknown op $op")
    }

    /** Parses any JSON text (object, array or scalar) the way org.json represents it. */
    fun parse(text: String): Any? = JSONTokener(text).nextValue()

    /**
     * `pattern` matches `actual` (README "Pattern matching"); returns null on a match, otherwise
     * where and why it does not.
     */
    fun mismatch(pattern: Any?, actual: Any?, at: String = ""): String? = when (pattern) {
        is JSONObject -> if (actual !is JSONObject) "$at: expected an object, got ${show(actual)}"
        else pattern.keySet().sorted().firstNotNullOfOrNull { key ->
            if (!actual.has(key)) "$at/$key: missing"
            else mismatch(pattern.get(key), actual.get(key), "$at/$key")
        }
        is JSONArray -> when {
            actual !is JSONArray -> "$at: expected an array, got ${show(actual)}"
            actual.length() != pattern.length() ->
                "$at: expected ${pattern.length()} elements, got ${actual.length()}: ${show(actual)}"
            else -> (0 until pattern.length()).firstNotNullOfOrNull { i ->
                mismatch(pattern.get(i), actual.get(i), "$at/$i")
            }
        }
        is Number -> if (actual is Number && numbersClose(pattern, actual)) null
        else "$at: expected $pattern, got ${show(actual)}"
        else -> if (pattern == actual) null else "$at: expected ${show(pattern)}, got ${show(actual)}"
    }

    /** Deep equality: same keys everywhere, same elements in order, equal numbers. */
    fun deepEquals(a: Any?, b: Any?): Boolean = when {
        a is JSONObject && b is JSONObject ->
            a.keySet() == b.keySet() && a.keySet().all { deepEquals(a.get(it), b.get(it)) }
        a is JSONArray && b is JSONArray ->
            a.length() == b.length() && (0 until a.length()).all { deepEquals(a.get(it), b.get(it)) }
        a is Number && b is Number -> BigDecimal(a.toString()).compareTo(BigDecimal(b.toString())) == 0
        else -> a == b
    }

    private fun numbersClose(expected: Number, actual: Number): Boolean {
        val e = expected.toDouble()
        return Math.abs(actual.toDouble() - e) <= 1e-9 * Math.max(1.0, Math.abs(e))
    }

    private fun show(v: Any?): String {
        val s = v.toString()
        return if (s.length > 300) s.substring(0, 300) + "…" else s
    }
}

/** The numeric code from the variant's own `code` field; the `when` must name every variant. */
fun fieldCode(e: InterviewKitException): Int = when (e) {
    is InterviewKitException.Internal -> e.code
    is InterviewKitException.InvalidArgument -> e.code
    is InterviewKitException.InvalidUtf8 -> e.code
    is InterviewKitException.InvalidJson -> e.code
    is InterviewKitException.InvalidDocument -> e.code
    is InterviewKitException.UnsupportedSchemaVersion -> e.code
    is InterviewKitException.UnknownDocumentType -> e.code
    is InterviewKitException.MigrationFailed -> e.code
    is InterviewKitException.LimitExceeded -> e.code
    is InterviewKitException.Io -> e.code
    is InterviewKitException.KeyUnavailable -> e.code
    is InterviewKitException.IntegrityCheckFailed -> e.code
    is InterviewKitException.PolicyViolation -> e.code
}
