// InterviewKit from Kotlin: validate a document and import the JSON Resume sample.
// Built and run by scripts/test-kotlin:  java ... ExampleKt <path to sample.resume.json>
import java.io.File
import org.interviewkit.InterviewKitException
import org.interviewkit.importJsonResume
import org.interviewkit.validate
import org.interviewkit.version
import org.json.JSONObject

fun main(args: Array<String>) {
    println("InterviewKit ${JSONObject(version()).getString("engine_version")}")

    // An invalid document is not an error: the report lists every problem at once.
    val report = JSONObject(validate("""{"schema_version":1,"kind":"candidate","id":"c-1",
        "contact":{"email":"not-an-email"}}"""))
    println("valid: ${report.getBoolean("valid")}")
    for (issue in report.getJSONArray("issues")) {
        val i = issue as JSONObject
        println("  ${i.getString("pointer")}: ${i.getString("message")} / ${i.getString("message_zh")}")
    }

    // Import the official JSON Resume sample as an archive resume.
    val sample = File(args.getOrElse(0) { "tests/fixtures/json-resume/sample.resume.json" })
    val resume = JSONObject(importJsonResume(sample.readText()))
    println("imported ${resume.getJSONObject("basics").getString("name")}: " +
        "${resume.getJSONArray("experience").length()} jobs, ${resume.getJSONArray("skills").length()} skills")

    // Errors are InterviewKitException subclasses named after the error code.
    try {
        validate("{not json")
    } catch (e: InterviewKitException.InvalidJson) {
        println("error ${e.code} ${e.errorName()}: ${e.detail}")
    }
}
