// The table form of link keys. Each component that keeps state in links (the application,
// the playground, the explorer, the U-Net planner) owns one table whose rows name a key and
// say how to read and write it. A link is split once (LinkReader); each component reads the
// pairs of its own keys, and the pairs that no table read are reported once, by the
// application, so no component needs to know another's keys. A key may have rows in more
// than one table when several components follow it (`panel` picks both a place and a panel).
#pragma once

#include <string>
#include <vector>

#include "core/layer/link_text.h"

namespace convscope::app {

// A link being written: "key=value" pairs joined by '&'.
class LinkWriter {
public:
    void Add(const std::string& key, const std::string& value);
    const std::string& Text() const { return text_; }

private:
    std::string text_;
};

// One link key of a component whose link state is `State`. `Reading` is what reading a link
// fills: the state itself, or the state with what must wait until every pair is read (a
// stack is read in the dimensions the whole link gives).
template <typename State, typename Reading = State>
struct LinkKey {
    const char* key;
    // Reads `value`; false when it is malformed, with `why` saying what the key takes ("" for
    // the plain "not a valid value for KEY").
    bool (*read)(const std::string& value, Reading& reading, std::string& why);
    // Writes the key when the state needs it (values at their default are left out); null
    // for keys that are only read (aliases, keys written by another row).
    void (*write)(const State& state, LinkWriter& out);
};

class LinkReader {
public:
    explicit LinkReader(const std::string& link);

    // Gives every pair whose key has a row in `keys` to that row, in the link's order, and
    // notes the values the rows refuse.
    template <typename State, typename Reading>
    void Read(const std::vector<LinkKey<State, Reading>>& keys, Reading& reading) {
        for (size_t i = 0; i < pairs_.size(); ++i) {
            for (const LinkKey<State, Reading>& row : keys) {
                if (pairs_[i].key != row.key) continue;
                read_[i] = true;
                std::string why;
                if (!row.read(pairs_[i].value, reading, why)) Refused(pairs_[i], why);
            }
        }
    }

    // Read() with the refusals appended to `notes`.
    template <typename State, typename Reading>
    void Read(const std::vector<LinkKey<State, Reading>>& keys, Reading& reading,
              std::vector<std::string>& notes) {
        Read(keys, reading);
        const std::vector<std::string> refused = TakeNotes();
        notes.insert(notes.end(), refused.begin(), refused.end());
    }

    // One note per pair that no table has read so far ("ignored unknown setting 'Q=1'").
    std::vector<std::string> UnknownKeyNotes() const;
    // The notes of refused values since the last call.
    std::vector<std::string> TakeNotes();

    const std::vector<LinkPair>& Pairs() const { return pairs_; }

private:
    void Refused(const LinkPair& pair, const std::string& why);

    std::vector<LinkPair> pairs_;
    std::vector<bool> read_;
    std::vector<std::string> notes_;
};

// The link text of `state`: each row's writer in table order.
template <typename State, typename Reading>
std::string WriteLink(const std::vector<LinkKey<State, Reading>>& keys, const State& state) {
    LinkWriter out;
    for (const LinkKey<State, Reading>& row : keys) {
        if (row.write) row.write(state, out);
    }
    return out.Text();
}

}  // namespace convscope::app
