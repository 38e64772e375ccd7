// Exercise cards (see exercise.h).
//   1. reading cards   2. computing the expected answer   3. reading and checking what was typed
#include "core/exercise/exercise.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/layer/error.h"

namespace convscope {

namespace {

using json = nlohmann::json;

// ---- 1. Reading cards ---------------------------------------------------------------------

std::string Text(const json& j, const char* field, const std::string& where, bool required) {
    if (!j.contains(field)) {
        if (required) throw Error(where + " needs \"" + field + "\" (text)");
        return "";
    }
    if (!j[field].is_string()) throw Error(where + ": \"" + field + "\" must be text");
    const std::string text = j[field].get<std::string>();
    if (text.size() > kMaxExerciseText) {
        throw Error(where + ": \"" + field + "\" is " + std::to_string(text.size()) +
                    " characters, more than " + std::to_string(kMaxExerciseText));
    }
    return text;
}

void CheckQuantity(const json& q, const std::string& where, int depth) {
    if (depth > 8) throw Error(where + ": quantities nest deeper than 8 levels");
    if (!q.is_object())
        throw Error(where +
                    " must be an object: {\"request\": {...}, \"pick\": \"/output\"} or "
                    "{\"minus\": [a, b]}");
    for (const char* op : {"plus", "minus", "times", "over"}) {
        if (!q.contains(op)) continue;
        const json& terms = q[op];
        if (!terms.is_array() || terms.size() < 2 || terms.size() > 8) {
            throw Error(where + ": \"" + op + "\" takes a list of 2 to 8 quantities");
        }
        for (size_t i = 0; i < terms.size(); ++i)
            CheckQuantity(terms[i], where + " " + op + "[" + std::to_string(i) + "]", depth + 1);
        return;
    }
    if (!q.contains("request") || !q["request"].is_object()) {
        throw Error(
            where +
            " needs \"request\": a JSON API request object such as {\"op\": \"shape\", ...}");
    }
    const json& op = q["request"].value("op", json());
    if (op == "exercise" || op == "exercises")
        throw Error(where + ": a card's request cannot itself be an exercise op");
    if (!q.contains("pick") || !q["pick"].is_string() ||
        q["pick"].get<std::string>().rfind('/', 0) != 0) {
        throw Error(where +
                    " needs \"pick\": the response field to read, as a path such as \"/output\" or "
                    "\"/layers/-1/rf/0\"");
    }
}

ExerciseAnswer ParseAnswer(const json& j, const std::string& where) {
    if (!j.is_object())
        throw Error(where +
                    " must be an object with \"value\" (and optional \"prompt\", \"mistakes\")");
    ExerciseAnswer answer;
    answer.prompt = Text(j, "prompt", where, false);
    if (!j.contains("value"))
        throw Error(where + " needs \"value\": the quantity the core computes");
    CheckQuantity(j["value"], where + " value", 0);
    answer.value = j["value"];
    if (j.contains("none_if_refused")) {
        if (!j["none_if_refused"].is_boolean())
            throw Error(where + ": \"none_if_refused\" must be true or false");
        answer.none_if_refused = j["none_if_refused"].get<bool>();
    }
    if (j.contains("tolerance")) {
        if (!j["tolerance"].is_number() || j["tolerance"].get<double>() < 0 ||
            j["tolerance"].get<double>() > 0.5) {
            throw Error(where + ": \"tolerance\" must be a relative tolerance from 0 to 0.5");
        }
        answer.tolerance = j["tolerance"].get<double>();
    }
    if (j.contains("mistakes")) {
        if (!j["mistakes"].is_object())
            throw Error(where +
                        ": \"mistakes\" must map answers to feedback, e.g. {\"224\": \"...\"}");
        for (const auto& item : j["mistakes"].items()) {
            if (!item.value().is_string())
                throw Error(where + ": mistake \"" + item.key().substr(0, 20) +
                            "\" needs feedback text");
        }
        answer.mistakes = j["mistakes"];
    }
    return answer;
}

bool ValidId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    }
    return true;
}

// ---- 2. Computing the expected answer ---------------------------------------------------------

// Follows "/a/0/-1/*/b" through a response: object keys, array indices (negative from the
// end) and '*' for every element of a list.
json Pick(const json& node, const std::vector<std::string>& path, size_t at,
          const std::string& written) {
    if (at == path.size()) return node;
    const std::string& token = path[at];
    if (token == "*") {
        if (!node.is_array()) throw Error("pick '" + written + "': '*' needs a list");
        json all = json::array();
        for (const json& element : node) all.push_back(Pick(element, path, at + 1, written));
        return all;
    }
    if (node.is_object()) {
        if (!node.contains(token))
            throw Error("pick '" + written + "': the response has no field '" +
                        token.substr(0, 40) + "'");
        return Pick(node[token], path, at + 1, written);
    }
    if (node.is_array()) {
        char* end = nullptr;
        const long index = std::strtol(token.c_str(), &end, 10);
        const long size = static_cast<long>(node.size());
        if (token.empty() || *end != '\0' || index >= size || index < -size) {
            throw Error("pick '" + written + "': '" + token.substr(0, 20) +
                        "' is not an index of a list of " + std::to_string(size));
        }
        return Pick(node[static_cast<size_t>(index < 0 ? index + size : index)], path, at + 1,
                    written);
    }
    throw Error("pick '" + written + "': '" + token.substr(0, 40) + "' goes past a value");
}

bool IsNumberList(const json& v) {
    if (!v.is_array()) return false;
    for (const json& e : v) {
        if (!e.is_number()) return false;
    }
    return true;
}

json Combine(const std::string& op, const json& a, const json& b) {
    const auto one = [&op](double x, double y) -> json {
        if (op == "over" && y == 0) throw Error("the card's quantity divides by zero");
        const double r = op == "plus"    ? x + y
                         : op == "minus" ? x - y
                         : op == "times" ? x * y
                                         : x / y;
        if (r == std::floor(r) && std::fabs(r) < 9e15) return static_cast<long long>(r);
        return r;
    };
    if (a.is_number() && b.is_number()) return one(a.get<double>(), b.get<double>());
    if (IsNumberList(a) && IsNumberList(b) && a.size() == b.size()) {
        json out = json::array();
        for (size_t i = 0; i < a.size(); ++i)
            out.push_back(one(a[i].get<double>(), b[i].get<double>()));
        return out;
    }
    throw Error("the card's \"" + op + "\" needs numbers or lists of the same length");
}

json Quantity(const json& q, bool none_if_refused, const RequestEvaluator& evaluate) {
    for (const char* op : {"plus", "minus", "times", "over"}) {
        if (!q.contains(op)) continue;
        json result = Quantity(q[op][0], false, evaluate);
        for (size_t i = 1; i < q[op].size(); ++i)
            result = Combine(op, result, Quantity(q[op][i], false, evaluate));
        return result;
    }
    json response;
    try {
        response = evaluate(q["request"]);
    } catch (const Error& e) {
        if (none_if_refused) return "none";
        throw Error(std::string("the card's request was refused: ") + e.what());
    }
    const std::string written = q["pick"].get<std::string>();
    std::vector<std::string> path;
    size_t start = 1;
    while (start <= written.size()) {
        size_t end = written.find('/', start);
        if (end == std::string::npos) end = written.size();
        path.push_back(written.substr(start, end - start));
        start = end + 1;
    }
    if (written == "/") path.clear();
    json picked = Pick(response, path, 0, written);
    if (picked.is_array() && picked.empty()) return "none";
    if (picked.is_boolean()) return picked.get<bool>() ? 1 : 0;
    if (!picked.is_number() && !IsNumberList(picked)) {
        throw Error("pick '" + written + "' gives " + picked.dump().substr(0, 60) +
                    ", not a number or a list of numbers");
    }
    return picked;
}

std::string FormatNumber(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string(static_cast<long long>(v));
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

// ---- 3. Reading and checking what was typed -----------------------------------------------

std::string Normalised(const std::string& typed) {
    std::string out;
    for (const char c : typed) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out;
}

bool SaysNone(const std::string& text) {
    static const std::set<std::string> words = {"none",         "no",  "no padding", "impossible",
                                                "not possible", "n/a", "-",          "nothing"};
    return words.count(text) > 0;
}

// The numbers in "112 × 112", "(112, 112)", "18/25", "72%", "-3"; false when none.
bool ReadNumbers(const std::string& text, std::vector<double>& numbers) {
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const bool starts = std::isdigit(static_cast<unsigned char>(c)) ||
                            ((c == '-' || c == '.') && i + 1 < text.size() &&
                             std::isdigit(static_cast<unsigned char>(text[i + 1])));
        if (!starts) {
            ++i;
            continue;
        }
        char* end = nullptr;
        double v = std::strtod(text.c_str() + i, &end);
        size_t next = static_cast<size_t>(end - text.c_str());
        if (next < text.size() && text[next] == '/' && next + 1 < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[next + 1]))) {
            char* end2 = nullptr;
            const double d = std::strtod(text.c_str() + next + 1, &end2);
            if (d == 0) return false;
            v /= d;
            next = static_cast<size_t>(end2 - text.c_str());
        }
        if (next < text.size() && text[next] == '%') {
            v /= 100;
            ++next;
        }
        if (!std::isfinite(v)) return false;
        numbers.push_back(v);
        i = next;
    }
    return !numbers.empty();
}

bool Close(double typed, double expected, double tolerance) {
    return std::fabs(typed - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

}  // namespace

ExerciseCard ParseExerciseCard(const json& j) {
    if (!j.is_object()) throw Error("a card must be a JSON object with id, question and answers");
    ExerciseCard card;
    card.id = Text(j, "id", "the card", true);
    if (!ValidId(card.id)) {
        throw Error("card id '" + card.id.substr(0, 40) +
                    "' must be 1 to 64 letters, digits, '-' or '_'");
    }
    const std::string where = "card '" + card.id + "'";
    card.title = Text(j, "title", where, false);
    card.question = Text(j, "question", where, true);
    card.state = Text(j, "state", where, false);
    card.hint = Text(j, "hint", where, false);
    card.worked = Text(j, "worked", where, false);
    card.source = Text(j, "source", where, false);
    if (!j.contains("answers") || !j["answers"].is_array() || j["answers"].empty()) {
        throw Error(where + " needs \"answers\": a list of 1 to " +
                    std::to_string(kMaxExerciseAnswers) + " answer boxes");
    }
    if (j["answers"].size() > kMaxExerciseAnswers) {
        throw Error(where + " has " + std::to_string(j["answers"].size()) + " answers, more than " +
                    std::to_string(kMaxExerciseAnswers));
    }
    for (size_t i = 0; i < j["answers"].size(); ++i) {
        card.answers.push_back(
            ParseAnswer(j["answers"][i], where + " answer " + std::to_string(i + 1)));
    }
    for (const auto& item : j.items()) {
        static const std::set<std::string> known = {"id",      "title", "question", "state",
                                                    "answers", "hint",  "worked",   "source"};
        if (!known.count(item.key()))
            throw Error(where + ": unknown field '" + item.key().substr(0, 40) + "'");
    }
    return card;
}

std::vector<ExerciseCard> ParseExerciseSet(const json& j) {
    const json& list = j.is_object() && j.contains("cards") ? j["cards"] : j;
    if (!list.is_array())
        throw Error("an exercise set must be {\"cards\": [...]} or a list of cards");
    if (list.size() > kMaxExerciseCards) {
        throw Error("an exercise set may hold " + std::to_string(kMaxExerciseCards) +
                    " cards, got " + std::to_string(list.size()));
    }
    std::vector<ExerciseCard> cards;
    std::set<std::string> ids;
    for (const json& item : list) {
        cards.push_back(ParseExerciseCard(item));
        if (!ids.insert(cards.back().id).second)
            throw Error("two cards have the id '" + cards.back().id + "'");
    }
    return cards;
}

json ExpectedAnswer(const ExerciseAnswer& answer, const RequestEvaluator& evaluate) {
    return Quantity(answer.value, answer.none_if_refused, evaluate);
}

std::string FormatAnswer(const json& expected) {
    if (expected.is_string()) return expected.get<std::string>();
    if (expected.is_number()) return FormatNumber(expected.get<double>());
    std::string text;
    for (const json& v : expected)
        text += (text.empty() ? "" : " × ") + FormatNumber(v.get<double>());
    return text;
}

AnswerCheck CheckAnswer(const ExerciseAnswer& answer, const json& expected,
                        const std::string& typed) {
    const std::string text = Normalised(typed);
    AnswerCheck check;
    if (text.empty()) {
        check.message = "Type an answer first.";
        return check;
    }
    if (answer.mistakes.is_object() && answer.mistakes.contains(text)) {
        check.message = "Not " + text + ". " + answer.mistakes[text].get<std::string>();
        return check;
    }
    if (expected.is_string()) {  // "none"
        check.correct = SaysNone(text);
        check.message = check.correct ? "Right: no value works."
                                      : "Not " + text + ". Try it in the widget above.";
        return check;
    }
    std::vector<double> numbers;
    if (SaysNone(text)) {
        check.message = "There is an answer: try the widget above.";
        return check;
    }
    if (!ReadNumbers(text, numbers)) {
        check.message = "Type a number, such as 7, 112x112 or 18/25.";
        return check;
    }
    const std::vector<double> want = expected.is_number()
                                         ? std::vector<double>{expected.get<double>()}
                                         : expected.get<std::vector<double>>();
    bool same = false;
    if (numbers.size() == want.size()) {
        same = true;
        for (size_t i = 0; i < want.size(); ++i)
            same = same && Close(numbers[i], want[i], answer.tolerance);
    } else if (numbers.size() == 1) {  // "112" for 112 × 112
        same = true;
        for (const double w : want) same = same && Close(numbers[0], w, answer.tolerance);
    } else if (want.size() == 1 && numbers.size() <= 3) {  // "5x5" for a kernel size of 5
        same = true;
        for (const double n : numbers) same = same && Close(n, want[0], answer.tolerance);
    } else {
        check.message = "Give " +
                        std::string(want.size() == 1 ? "one number"
                                                     : "one number, or one per dimension (" +
                                                           std::to_string(want.size()) + ")") +
                        ".";
        return check;
    }
    check.correct = same;
    check.message = same ? "Right: " + FormatAnswer(expected) + "."
                         : "Not " + typed.substr(0, 40) + ". Try the hint, or the widget above.";
    return check;
}

std::string WorkedAnswer(const ExerciseCard& card, const std::vector<json>& expected) {
    std::string text = card.worked;
    for (size_t i = 0; i < expected.size(); ++i) {
        const std::string mark = "{" + std::to_string(i) + "}";
        const std::string value = FormatAnswer(expected[i]);
        for (size_t at = text.find(mark); at != std::string::npos;
             at = text.find(mark, at + value.size())) {
            text.replace(at, mark.size(), value);
        }
    }
    return text;
}

}  // namespace convscope
