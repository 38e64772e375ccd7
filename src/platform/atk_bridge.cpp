// The control list as ATK objects for AT-SPI (see atk_bridge.h). One GObject type serves the
// whole tree: the application (root), its window (the frame) and one node per listed
// control or text, plus the status line as a polite live status bar. Nodes are kept per id
// from frame to frame, so an assistive technology's references stay valid while the control
// stays on screen; additions, removals, renames, value, check and focus changes are signalled.
#include "platform/atk_bridge.h"

#include <atk-bridge.h>
#include <atk/atk.h>

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace convscope::platform {

namespace {

enum class NodeKind { Root, Frame, Control, Status };

// What one node shows: the mirror's fields for a control (control_list.h's MirrorJson).
struct NodeInfo {
    std::string role, name, text;
    double value = 0.0, lo = 0.0, hi = 0.0, step = 1.0;
    int checked = -1;  // 1 or 0 for stateful controls
    bool popup = false, read_only = false;
};

struct Node {
    AtkObject parent;
    NodeKind kind;
    uint32_t id;
};

struct NodeClass {
    AtkObjectClass parent_class;
};

GType NodeGetType();
#define CONVSCOPE_NODE(object) (G_TYPE_CHECK_INSTANCE_CAST((object), NodeGetType(), Node))

// The bridge's one tree.
struct Tree {
    const AppCallbacks* app = nullptr;
    AtkObject* root = nullptr;
    AtkObject* frame = nullptr;
    AtkObject* status = nullptr;
    std::vector<uint32_t> order;  // the frame's control children, in reading order
    std::unordered_map<uint32_t, AtkObject*> nodes;
    std::unordered_map<uint32_t, NodeInfo> info;
    uint32_t focused = 0;
    std::string status_text;
    bool operated = false;  // a press or a new value since the last Pump
};
Tree tree;

const NodeInfo* InfoOf(AtkObject* object) {
    const auto it = tree.info.find(CONVSCOPE_NODE(object)->id);
    return it == tree.info.end() ? nullptr : &it->second;
}

AtkRole RoleFor(const std::string& role) {
    static const std::unordered_map<std::string, AtkRole> roles = {
        {"button", ATK_ROLE_PUSH_BUTTON}, {"checkbox", ATK_ROLE_CHECK_BOX},
        {"radio", ATK_ROLE_RADIO_BUTTON}, {"slider", ATK_ROLE_SLIDER},
        {"number", ATK_ROLE_SPIN_BUTTON}, {"textbox", ATK_ROLE_ENTRY},
        {"combobox", ATK_ROLE_COMBO_BOX}, {"tab", ATK_ROLE_PAGE_TAB},
        {"menuitem", ATK_ROLE_MENU_ITEM}, {"grid", ATK_ROLE_IMAGE},
        {"heading", ATK_ROLE_HEADING},    {"text", ATK_ROLE_PARAGRAPH},
        {"table", ATK_ROLE_TABLE}};
    const auto it = roles.find(role);
    return it == roles.end() ? ATK_ROLE_UNKNOWN : it->second;
}

bool Operable(const NodeInfo& info) {
    return info.role != "heading" && info.role != "text" && info.role != "table";
}

// ---- AtkObject ------------------------------------------------------------------------------

const gchar* NodeName(AtkObject* object) {
    switch (CONVSCOPE_NODE(object)->kind) {
        case NodeKind::Root:
            return "ConvScope";
        case NodeKind::Frame:
            return "ConvScope: convolution arithmetic you can see";
        case NodeKind::Status:
            return tree.status_text.c_str();
        case NodeKind::Control:
            break;
    }
    const NodeInfo* info = InfoOf(object);
    return info != nullptr ? info->name.c_str() : "";
}

// A control's value as it reads (a combo box's choice, a field's text, a table's rows).
const gchar* NodeDescription(AtkObject* object) {
    const NodeInfo* info = InfoOf(object);
    return info != nullptr ? info->text.c_str() : "";
}

AtkRole NodeRole(AtkObject* object) {
    switch (CONVSCOPE_NODE(object)->kind) {
        case NodeKind::Root:
            return ATK_ROLE_APPLICATION;
        case NodeKind::Frame:
            return ATK_ROLE_FRAME;
        case NodeKind::Status:
            return ATK_ROLE_STATUSBAR;
        case NodeKind::Control:
            break;
    }
    const NodeInfo* info = InfoOf(object);
    return info != nullptr ? RoleFor(info->role) : ATK_ROLE_UNKNOWN;
}

gint NodeChildCount(AtkObject* object) {
    switch (CONVSCOPE_NODE(object)->kind) {
        case NodeKind::Root:
            return 1;
        case NodeKind::Frame:
            return static_cast<gint>(tree.order.size()) + 1;  // the status bar last
        default:
            return 0;
    }
}

AtkObject* NodeChild(AtkObject* object, gint index) {
    AtkObject* child = nullptr;
    const NodeKind kind = CONVSCOPE_NODE(object)->kind;
    if (kind == NodeKind::Root && index == 0) child = tree.frame;
    if (kind == NodeKind::Frame && index >= 0) {
        const auto i = static_cast<size_t>(index);
        if (i < tree.order.size()) {
            const auto it = tree.nodes.find(tree.order[i]);
            child = it == tree.nodes.end() ? nullptr : it->second;
        }
        if (i == tree.order.size()) child = tree.status;
    }
    return child != nullptr ? ATK_OBJECT(g_object_ref(child)) : nullptr;
}

gint NodeIndex(AtkObject* object) {
    const Node* node = CONVSCOPE_NODE(object);
    if (node->kind == NodeKind::Root) return -1;
    if (node->kind == NodeKind::Frame) return 0;
    if (node->kind == NodeKind::Status) return static_cast<gint>(tree.order.size());
    for (size_t i = 0; i < tree.order.size(); ++i)
        if (tree.order[i] == node->id) return static_cast<gint>(i);
    return -1;
}

AtkStateSet* NodeStates(AtkObject* object) {
    AtkStateSet* states = atk_state_set_new();
    for (const AtkStateType s :
         {ATK_STATE_ENABLED, ATK_STATE_SENSITIVE, ATK_STATE_VISIBLE, ATK_STATE_SHOWING})
        atk_state_set_add_state(states, s);
    const Node* node = CONVSCOPE_NODE(object);
    if (node->kind == NodeKind::Frame) atk_state_set_add_state(states, ATK_STATE_ACTIVE);
    const NodeInfo* info = InfoOf(object);
    if (node->kind != NodeKind::Control || info == nullptr) return states;
    if (Operable(*info)) atk_state_set_add_state(states, ATK_STATE_FOCUSABLE);
    if (node->id == tree.focused) atk_state_set_add_state(states, ATK_STATE_FOCUSED);
    if (info->role == "checkbox" || info->role == "radio") {
        atk_state_set_add_state(states, ATK_STATE_CHECKABLE);
        if (info->checked == 1) atk_state_set_add_state(states, ATK_STATE_CHECKED);
    }
    if (info->role == "tab") {
        atk_state_set_add_state(states, ATK_STATE_SELECTABLE);
        if (info->checked == 1) atk_state_set_add_state(states, ATK_STATE_SELECTED);
    }
    if (info->popup) {
        atk_state_set_add_state(states, ATK_STATE_EXPANDABLE);
        if (info->checked == 1) atk_state_set_add_state(states, ATK_STATE_EXPANDED);
    }
    if (info->role == "textbox" || info->role == "number")
        atk_state_set_add_state(states, info->read_only ? ATK_STATE_READ_ONLY : ATK_STATE_EDITABLE);
    return states;
}

// The status bar is a polite live region: its new name is read out.
AtkAttributeSet* NodeAttributes(AtkObject* object) {
    if (CONVSCOPE_NODE(object)->kind != NodeKind::Status) return nullptr;
    AtkAttributeSet* set = nullptr;
    for (const char* key : {"live", "container-live"}) {
        auto* attribute = static_cast<AtkAttribute*>(g_malloc(sizeof(AtkAttribute)));
        attribute->name = g_strdup(key);
        attribute->value = g_strdup("polite");
        set = g_slist_prepend(set, attribute);
    }
    return set;
}

// ---- AtkValue: sliders and number boxes --------------------------------------------------

bool HasValue(AtkObject* object) {
    const NodeInfo* info = InfoOf(object);
    return info != nullptr && (info->role == "slider" || info->role == "number");
}

void ValueAndText(AtkValue* value, gdouble* current, gchar** text) {
    const NodeInfo* info = InfoOf(ATK_OBJECT(value));
    if (current != nullptr) *current = info != nullptr ? info->value : 0.0;
    if (text != nullptr) *text = g_strdup(info != nullptr ? info->text.c_str() : "");
}

AtkRange* ValueRange(AtkValue* value) {
    const NodeInfo* info = InfoOf(ATK_OBJECT(value));
    if (info == nullptr || info->role != "slider") return nullptr;
    return atk_range_new(info->lo, info->hi, nullptr);
}

gdouble ValueIncrement(AtkValue* value) {
    const NodeInfo* info = InfoOf(ATK_OBJECT(value));
    return info != nullptr ? info->step : 1.0;
}

void SetValue(AtkValue* value, gdouble wanted) {
    if (!HasValue(ATK_OBJECT(value)) || tree.app == nullptr || !tree.app->set_control_value) return;
    tree.app->set_control_value(CONVSCOPE_NODE(value)->id, wanted);
    tree.operated = true;
}

// The older AtkValue calls, which some clients still make.
void CurrentValue(AtkValue* value, GValue* out) {
    gdouble current = 0.0;
    ValueAndText(value, &current, nullptr);
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, current);
}

void MinimumValue(AtkValue* value, GValue* out) {
    const NodeInfo* info = InfoOf(ATK_OBJECT(value));
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, info != nullptr ? info->lo : 0.0);
}

void MaximumValue(AtkValue* value, GValue* out) {
    const NodeInfo* info = InfoOf(ATK_OBJECT(value));
    g_value_init(out, G_TYPE_DOUBLE);
    g_value_set_double(out, info != nullptr ? info->hi : 0.0);
}

gboolean SetCurrentValue(AtkValue* value, const GValue* wanted) {
    if (!G_VALUE_HOLDS_DOUBLE(wanted) && !G_VALUE_HOLDS_INT(wanted)) return FALSE;
    SetValue(value,
             G_VALUE_HOLDS_DOUBLE(wanted) ? g_value_get_double(wanted) : g_value_get_int(wanted));
    return TRUE;
}

void InitValue(gpointer g_iface, gpointer) {
    auto* iface = static_cast<AtkValueIface*>(g_iface);
    iface->get_value_and_text = ValueAndText;
    iface->get_range = ValueRange;
    iface->get_increment = ValueIncrement;
    iface->set_value = SetValue;
    iface->get_current_value = CurrentValue;
    iface->get_minimum_value = MinimumValue;
    iface->get_maximum_value = MaximumValue;
    iface->set_current_value = SetCurrentValue;
}

// ---- AtkAction: a press -----------------------------------------------------------------

gint ActionCount(AtkAction* action) {
    const NodeInfo* info = InfoOf(ATK_OBJECT(action));
    return info != nullptr && Operable(*info) ? 1 : 0;
}

const gchar* ActionName(AtkAction* action, gint index) {
    return ActionCount(action) == 1 && index == 0 ? "click" : nullptr;
}

gboolean DoAction(AtkAction* action, gint index) {
    if (ActionCount(action) != 1 || index != 0 || tree.app == nullptr || !tree.app->focus_control)
        return FALSE;
    tree.app->focus_control(CONVSCOPE_NODE(action)->id, true);
    tree.operated = true;
    return TRUE;
}

void InitAction(gpointer g_iface, gpointer) {
    auto* iface = static_cast<AtkActionIface*>(g_iface);
    iface->get_n_actions = ActionCount;
    iface->get_name = ActionName;
    iface->do_action = DoAction;
}

// ---- The GObject type -----------------------------------------------------------------------

void NodeClassInit(gpointer klass, gpointer) {
    AtkObjectClass* object = ATK_OBJECT_CLASS(klass);
    object->get_name = NodeName;
    object->get_description = NodeDescription;
    object->get_role = NodeRole;
    object->get_n_children = NodeChildCount;
    object->ref_child = NodeChild;
    object->get_index_in_parent = NodeIndex;
    object->ref_state_set = NodeStates;
    object->get_attributes = NodeAttributes;
}

GType NodeGetType() {
    static GType type = 0;
    if (type != 0) return type;
    const GTypeInfo info = {sizeof(NodeClass), nullptr,      nullptr, NodeClassInit, nullptr,
                            nullptr,           sizeof(Node), 0,       nullptr,       nullptr};
    type = g_type_register_static(ATK_TYPE_OBJECT, "ConvScopeAccessible", &info, GTypeFlags{});
    const GInterfaceInfo value = {InitValue, nullptr, nullptr};
    const GInterfaceInfo action = {InitAction, nullptr, nullptr};
    g_type_add_interface_static(type, ATK_TYPE_VALUE, &value);
    g_type_add_interface_static(type, ATK_TYPE_ACTION, &action);
    return type;
}

AtkObject* NewNode(NodeKind kind, uint32_t id, AtkObject* parent) {
    auto* object = ATK_OBJECT(g_object_new(NodeGetType(), nullptr));
    CONVSCOPE_NODE(object)->kind = kind;
    CONVSCOPE_NODE(object)->id = id;
    atk_object_initialize(object, nullptr);
    if (parent != nullptr) atk_object_set_parent(object, parent);
    return object;
}

// ---- AtkUtil: the root, and the event listeners the bridge installs ------------------------

struct Listener {
    guint signal_id;
    gulong hook_id;
};
std::unordered_map<guint, Listener> listeners;
guint next_listener = 1;

AtkObject* Root() { return tree.root; }
const gchar* ToolkitName() { return "ConvScope"; }
const gchar* ToolkitVersion() { return "1"; }

// "toolkit:Type:signal" (the bridge asks for AtkObject's, AtkText's, AtkWindow's signals):
// an emission hook on that signal of that type.
guint AddGlobalListener(GSignalEmissionHook hook, const gchar* event_type) {
    gchar** parts = g_strsplit(event_type, ":", 3);
    guint result = 0;
    if (g_strv_length(parts) == 3) {
        const GType type = g_type_from_name(parts[1]);
        if (type != 0) {
            gpointer reference = G_TYPE_IS_INTERFACE(type) ? g_type_default_interface_ref(type)
                                                           : g_type_class_ref(type);
            const guint signal_id = g_signal_lookup(parts[2], type);
            if (signal_id != 0) {
                const gulong hook_id =
                    g_signal_add_emission_hook(signal_id, 0, hook, g_strdup(event_type), g_free);
                result = next_listener++;
                listeners[result] = Listener{signal_id, hook_id};
            }
            (void)reference;  // the type stays loaded for the program's life
        }
    }
    g_strfreev(parts);
    return result;
}

void RemoveGlobalListener(guint id) {
    const auto it = listeners.find(id);
    if (it == listeners.end()) return;
    g_signal_remove_emission_hook(it->second.signal_id, it->second.hook_id);
    listeners.erase(it);
}

NodeInfo InfoFromJson(const nlohmann::json& c) {
    NodeInfo info;
    info.role = c.value("role", "");
    info.name = c.value("name", "");
    info.text = c.value("text", "");
    info.value = c.value("value", 0.0);
    info.lo = c.value("min", 0.0);
    info.hi = c.value("max", 0.0);
    info.step = c.value("step", 1.0);
    if (c.contains("checked")) info.checked = c["checked"].get<bool>() ? 1 : 0;
    info.popup = c.value("popup", false);
    info.read_only = c.value("readonly", false);
    // A table reads as its rows; a combo box also lists its choices.
    if (c.contains("rows")) {
        for (const auto& row : c["rows"]) {
            std::string line;
            for (const auto& cell : row)
                line += (line.empty() ? "" : ", ") + cell.get<std::string>();
            info.text += line + "; ";
        }
    }
    if (c.contains("options")) {
        info.text += " (choices:";
        for (const auto& option : c["options"]) info.text += " " + option.get<std::string>() + ";";
        info.text += ")";
    }
    return info;
}

}  // namespace

bool AtkBridge::Start(const AppCallbacks& app) {
    const char* off = std::getenv("NO_AT_BRIDGE");
    if (off != nullptr && std::string(off) == "1") return false;
    if (!app.mirror_controls) return false;
    tree.app = &app;
    auto* util = static_cast<AtkUtilClass*>(g_type_class_ref(ATK_TYPE_UTIL));
    util->get_root = Root;
    util->get_toolkit_name = ToolkitName;
    util->get_toolkit_version = ToolkitVersion;
    util->add_global_event_listener = AddGlobalListener;
    util->remove_global_event_listener = RemoveGlobalListener;
    tree.root = NewNode(NodeKind::Root, 0, nullptr);
    tree.frame = NewNode(NodeKind::Frame, 0, tree.root);
    tree.status = NewNode(NodeKind::Status, 0, tree.frame);
    running_ = atk_bridge_adaptor_init(nullptr, nullptr) == 0;
    return running_;
}

void AtkBridge::Update() {
    if (!running_) return;
    const AppCallbacks& app = *tree.app;
    const std::string json = app.mirror_controls();
    if (!json.empty()) {
        const nlohmann::json controls = nlohmann::json::parse(json, nullptr, false);
        if (controls.is_array()) {
            std::vector<uint32_t> order;
            std::unordered_map<uint32_t, NodeInfo> info;
            for (const auto& c : controls) {
                const uint32_t id = c.value("id", 0u);
                if (id == 0 || info.count(id) != 0) continue;
                order.push_back(id);
                info[id] = InfoFromJson(c);
            }
            // Gone: announced and released, from the last index down.
            for (size_t i = tree.order.size(); i-- > 0;) {
                const uint32_t id = tree.order[i];
                if (info.count(id) != 0 && info[id].role == tree.info[id].role) continue;
                AtkObject* node = tree.nodes[id];
                tree.order.erase(tree.order.begin() + static_cast<std::ptrdiff_t>(i));
                g_signal_emit_by_name(tree.frame, "children-changed::remove", static_cast<gint>(i),
                                      node);
                tree.nodes.erase(id);
                tree.info.erase(id);
                g_object_unref(node);
            }
            // Changed and new ones, in their new order.
            std::vector<std::pair<gint, AtkObject*>> added;
            for (size_t i = 0; i < order.size(); ++i) {
                const uint32_t id = order[i];
                const auto known = tree.info.find(id);
                if (known == tree.info.end()) {
                    added.emplace_back(static_cast<gint>(i),
                                       NewNode(NodeKind::Control, id, tree.frame));
                    continue;
                }
                const NodeInfo before = known->second;
                known->second = info[id];
                AtkObject* node = tree.nodes[id];
                if (before.name != info[id].name)
                    g_object_notify(G_OBJECT(node), "accessible-name");
                if (before.value != info[id].value || before.text != info[id].text)
                    g_object_notify(G_OBJECT(node), "accessible-value");
                if (before.checked != info[id].checked) {
                    const AtkStateType state = info[id].role == "tab" ? ATK_STATE_SELECTED
                                               : info[id].popup       ? ATK_STATE_EXPANDED
                                                                      : ATK_STATE_CHECKED;
                    atk_object_notify_state_change(node, state, info[id].checked == 1);
                }
            }
            // The tree is whole before anyone hears of the new nodes.
            tree.order = order;
            for (auto& [id, value] : info) tree.info[id] = value;
            for (const auto& [index, node] : added) tree.nodes[CONVSCOPE_NODE(node)->id] = node;
            for (const auto& [index, node] : added)
                g_signal_emit_by_name(tree.frame, "children-changed::add", index, node);
        }
    }
    const uint32_t focused = app.focused_control ? app.focused_control() : 0;
    if (focused != tree.focused) {
        if (tree.nodes.count(tree.focused) != 0)
            atk_object_notify_state_change(tree.nodes[tree.focused], ATK_STATE_FOCUSED, FALSE);
        tree.focused = focused;
        if (tree.nodes.count(focused) != 0)
            atk_object_notify_state_change(tree.nodes[focused], ATK_STATE_FOCUSED, TRUE);
    }
    const std::string status = app.status_text ? app.status_text() : "";
    if (status != tree.status_text) {
        tree.status_text = status;
        g_object_notify(G_OBJECT(tree.status), "accessible-name");
    }
}

bool AtkBridge::Pump() {
    if (!running_) return false;
    while (g_main_context_iteration(nullptr, FALSE)) last_request_us_ = g_get_monotonic_time();
    const bool operated = tree.operated;
    tree.operated = false;
    return operated;
}

bool AtkBridge::Busy() const {
    return running_ && g_get_monotonic_time() - last_request_us_ < 500000;
}

void AtkBridge::Stop() {
    if (!running_) return;
    atk_bridge_adaptor_cleanup();
    running_ = false;
}

}  // namespace convscope::platform
