// Reading and writing links through the components' key tables (see link_keys.h).
#include "app/widgets/link_keys.h"

namespace convscope::app {

void LinkWriter::Add(const std::string& key, const std::string& value) {
    text_ += (text_.empty() ? "" : "&") + key + "=" + value;
}

LinkReader::LinkReader(const std::string& link) : pairs_(SplitLink(link)) {
    read_.assign(pairs_.size(), false);
}

void LinkReader::Refused(const LinkPair& pair, const std::string& why) {
    const std::string shown = pair.text.substr(0, 40);
    notes_.push_back("ignored '" + shown + "': " +
                     (why.empty() ? "not a valid value for " + pair.key.substr(0, 20) : why));
}

std::vector<std::string> LinkReader::UnknownKeyNotes() const {
    std::vector<std::string> notes;
    for (size_t i = 0; i < pairs_.size(); ++i) {
        if (!read_[i])
            notes.push_back("ignored unknown setting '" + pairs_[i].text.substr(0, 40) + "'");
    }
    return notes;
}

std::vector<std::string> LinkReader::TakeNotes() {
    std::vector<std::string> notes;
    notes.swap(notes_);
    return notes;
}

}  // namespace convscope::app
