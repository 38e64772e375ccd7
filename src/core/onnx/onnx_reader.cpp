// The ONNX reader (see onnx_reader.h). protobuf-lite decodes the messages of onnx.proto; the
// reader walks the model's outer messages field by field (ModelProto, GraphProto, and each
// initializer's TensorProto) so that a weight's bytes are skipped in the stream instead of
// being copied into memory, and hands every other message to its generated class whole.
#include "core/onnx/onnx_reader.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/strutil.h>
#include <google/protobuf/wire_format_lite.h>
#include <onnx/onnx.pb.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <set>

#include "core/layer/error.h"

namespace convscope {

namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;
using google::protobuf::io::StringOutputStream;

class SourceStream final : public google::protobuf::io::CopyingInputStream {
public:
    explicit SourceStream(ByteSource& source) : source_(source) {}
    int Read(void* buffer, int size) override {
        return static_cast<int>(source_.Read(buffer, static_cast<size_t>(size)));
    }

private:
    ByteSource& source_;
};

class MemorySource final : public ByteSource {
public:
    explicit MemorySource(const std::string& bytes) : bytes_(bytes) {}
    size_t Read(void* buffer, size_t size) override {
        const size_t n = std::min(size, bytes_.size() - at_);
        std::memcpy(buffer, bytes_.data() + at_, n);
        at_ += n;
        return n;
    }

private:
    const std::string& bytes_;
    size_t at_ = 0;
};

class FileSource final : public ByteSource {
public:
    explicit FileSource(const std::string& path) : file_(path, std::ios::binary) {}
    bool Open() const { return file_.is_open(); }
    size_t Read(void* buffer, size_t size) override {
        file_.read(static_cast<char*>(buffer), static_cast<std::streamsize>(size));
        return static_cast<size_t>(file_.gcount());
    }

private:
    std::ifstream file_;
};

[[noreturn]] void NotAModel(const std::string& where) {
    throw Error("this is not an ONNX model: " + where +
                " could not be read (an .onnx file holds a ModelProto, as torch.onnx.export, "
                "tf2onnx or onnx.save write it)");
}

// The length-delimited field at the stream's position, whole.
std::string ReadLengthDelimited(CodedInputStream& in, const char* what) {
    uint32_t size = 0;
    std::string bytes;
    if (!in.ReadVarint32(&size) || !in.ReadString(&bytes, static_cast<int>(size))) NotAModel(what);
    return bytes;
}

template <typename Message>
Message ReadMessage(CodedInputStream& in, const char* what) {
    Message message;
    if (!message.ParseFromString(ReadLengthDelimited(in, what))) NotAModel(what);
    return message;
}

bool IsDataField(int field) {
    return field == onnx::TensorProto::kRawDataFieldNumber ||
           field == onnx::TensorProto::kFloatDataFieldNumber ||
           field == onnx::TensorProto::kInt32DataFieldNumber ||
           field == onnx::TensorProto::kInt64DataFieldNumber ||
           field == onnx::TensorProto::kDoubleDataFieldNumber ||
           field == onnx::TensorProto::kUint64DataFieldNumber ||
           field == onnx::TensorProto::kStringDataFieldNumber;
}

// An initializer's TensorProto with its data fields kept only when they are small: the
// other fields are copied unchanged and the result parsed by the generated class.
onnx::TensorProto ReadTensorWithoutLargeData(CodedInputStream& in, bool& data_dropped) {
    uint32_t size = 0;
    if (!in.ReadVarint32(&size)) NotAModel("an initializer");
    const CodedInputStream::Limit limit = in.PushLimit(static_cast<int>(size));
    std::string kept;
    {
        StringOutputStream kept_stream(&kept);
        CodedOutputStream out(&kept_stream);
        constexpr uint32_t kMaxKeptBytes = kMaxKeptConstantElements * 8;
        for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
            const int field = WireFormatLite::GetTagFieldNumber(tag);
            if (IsDataField(field) &&
                WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
                uint32_t length = 0;
                if (!in.ReadVarint32(&length)) NotAModel("an initializer");
                if (length > kMaxKeptBytes) {
                    if (!in.Skip(static_cast<int>(length))) NotAModel("an initializer");
                    data_dropped = true;
                    continue;
                }
                std::string data;
                if (!in.ReadString(&data, static_cast<int>(length))) NotAModel("an initializer");
                out.WriteTag(tag);
                out.WriteVarint32(length);
                out.WriteString(data);
            } else if (!WireFormatLite::SkipField(&in, tag, &out)) {
                NotAModel("an initializer");
            }
        }
    }
    if (!in.ConsumedEntireMessage()) NotAModel("an initializer");
    in.PopLimit(limit);
    onnx::TensorProto tensor;
    if (!tensor.ParseFromString(kept)) NotAModel("an initializer");
    return tensor;
}

float HalfToFloat(uint16_t half) {
    const int exponent = (half >> 10) & 0x1F;
    const int mantissa = half & 0x3FF;
    const float sign = (half & 0x8000) ? -1.0f : 1.0f;
    if (exponent == 0) return sign * std::ldexp(static_cast<float>(mantissa), -24);
    if (exponent == 31) return mantissa ? NAN : sign * INFINITY;
    return sign * std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
}

template <typename T>
T LittleEndianAt(const std::string& raw, size_t index) {
    T value;
    std::memcpy(&value, raw.data() + index * sizeof(T), sizeof(T));
    return value;
}

bool IsIntegerType(int type) {
    switch (type) {
        case onnx::TensorProto::INT8:
        case onnx::TensorProto::INT16:
        case onnx::TensorProto::INT32:
        case onnx::TensorProto::INT64:
        case onnx::TensorProto::UINT8:
        case onnx::TensorProto::UINT16:
        case onnx::TensorProto::UINT32:
        case onnx::TensorProto::UINT64:
        case onnx::TensorProto::BOOL:
            return true;
        default:
            return false;
    }
}

// The values of a raw_data field of `count` elements, or false for a type not read.
bool DecodeRaw(const onnx::TensorProto& tensor, size_t count, GraphConstant& constant) {
    const std::string& raw = tensor.raw_data();
    size_t element = 0;
    switch (tensor.data_type()) {
        case onnx::TensorProto::FLOAT:
            element = 4;
            break;
        case onnx::TensorProto::DOUBLE:
            element = 8;
            break;
        case onnx::TensorProto::FLOAT16:
            element = 2;
            break;
        case onnx::TensorProto::INT64:
            element = 8;
            break;
        case onnx::TensorProto::INT32:
            element = 4;
            break;
        case onnx::TensorProto::INT16:
            element = 2;
            break;
        case onnx::TensorProto::INT8:
        case onnx::TensorProto::UINT8:
        case onnx::TensorProto::BOOL:
            element = 1;
            break;
        default:
            return false;
    }
    if (raw.size() != count * element) return false;
    for (size_t i = 0; i < count; ++i) {
        switch (tensor.data_type()) {
            case onnx::TensorProto::FLOAT:
                constant.floats.push_back(LittleEndianAt<float>(raw, i));
                break;
            case onnx::TensorProto::DOUBLE:
                constant.floats.push_back(LittleEndianAt<double>(raw, i));
                break;
            case onnx::TensorProto::FLOAT16:
                constant.floats.push_back(HalfToFloat(LittleEndianAt<uint16_t>(raw, i)));
                break;
            case onnx::TensorProto::INT64:
                constant.ints.push_back(LittleEndianAt<int64_t>(raw, i));
                break;
            case onnx::TensorProto::INT32:
                constant.ints.push_back(LittleEndianAt<int32_t>(raw, i));
                break;
            case onnx::TensorProto::INT16:
                constant.ints.push_back(LittleEndianAt<int16_t>(raw, i));
                break;
            case onnx::TensorProto::INT8:
                constant.ints.push_back(LittleEndianAt<int8_t>(raw, i));
                break;
            default:
                constant.ints.push_back(LittleEndianAt<uint8_t>(raw, i));
                break;
        }
    }
    return true;
}

GraphConstant ToConstant(const onnx::TensorProto& tensor, bool data_dropped) {
    GraphConstant constant;
    constant.dims.assign(tensor.dims().begin(), tensor.dims().end());
    constant.is_integer = IsIntegerType(tensor.data_type());
    size_t count = 1;
    for (const int64_t d : constant.dims) {
        if (d < 0 || count > kMaxKeptConstantElements) return constant;
        count *= static_cast<size_t>(d);
    }
    if (data_dropped || count > kMaxKeptConstantElements ||
        tensor.data_location() == onnx::TensorProto::EXTERNAL)
        return constant;
    if (!tensor.raw_data().empty()) {
        constant.has_values = DecodeRaw(tensor, count, constant);
        if (!constant.has_values) constant.ints.clear(), constant.floats.clear();
        return constant;
    }
    if (tensor.int64_data_size() == static_cast<int>(count)) {
        constant.ints.assign(tensor.int64_data().begin(), tensor.int64_data().end());
    } else if (tensor.int32_data_size() == static_cast<int>(count) &&
               tensor.data_type() != onnx::TensorProto::FLOAT16) {
        constant.ints.assign(tensor.int32_data().begin(), tensor.int32_data().end());
    } else if (tensor.float_data_size() == static_cast<int>(count)) {
        constant.floats.assign(tensor.float_data().begin(), tensor.float_data().end());
    } else if (tensor.double_data_size() == static_cast<int>(count)) {
        constant.floats.assign(tensor.double_data().begin(), tensor.double_data().end());
    } else if (tensor.int32_data_size() == static_cast<int>(count)) {
        for (const int32_t bits : tensor.int32_data())
            constant.floats.push_back(HalfToFloat(static_cast<uint16_t>(bits)));
    } else {
        return constant;
    }
    constant.has_values = true;
    return constant;
}

GraphValue ToValue(const onnx::ValueInfoProto& info) {
    GraphValue value;
    value.name = info.name();
    if (info.type().has_tensor_type() && info.type().tensor_type().has_shape()) {
        value.has_shape = true;
        for (const onnx::TensorShapeProto_Dimension& dim :
             info.type().tensor_type().shape().dim()) {
            GraphDim d;
            if (dim.has_dim_value()) d.size = dim.dim_value();
            if (dim.has_dim_param()) d.symbol = dim.dim_param();
            value.shape.push_back(d);
        }
    }
    return value;
}

GraphAttribute ToAttribute(const onnx::AttributeProto& attribute) {
    GraphAttribute a;
    switch (attribute.type()) {
        case onnx::AttributeProto::INT:
            a.ints = {attribute.i()};
            break;
        case onnx::AttributeProto::FLOAT:
            a.floats = {attribute.f()};
            break;
        case onnx::AttributeProto::STRING:
            a.text = attribute.s();
            break;
        case onnx::AttributeProto::INTS:
            a.ints.assign(attribute.ints().begin(), attribute.ints().end());
            a.is_list = true;
            break;
        case onnx::AttributeProto::FLOATS:
            a.floats.assign(attribute.floats().begin(), attribute.floats().end());
            a.is_list = true;
            break;
        case onnx::AttributeProto::TENSOR: {
            // A small tensor's values (ConstantOfShape's fill value); larger ones are dropped.
            const GraphConstant constant = ToConstant(attribute.t(), false);
            a.ints = constant.ints;
            a.floats = constant.floats;
            a.is_list = true;
            break;
        }
        default:
            break;
    }
    return a;
}

// A Constant node's value as a constant (value, value_int(s), value_float(s)).
void AddConstantNode(const onnx::NodeProto& node, Graph& graph) {
    if (node.output_size() < 1) return;
    for (const onnx::AttributeProto& attribute : node.attribute()) {
        GraphConstant constant;
        if (attribute.name() == "value" && attribute.has_t()) {
            constant = ToConstant(attribute.t(), false);
        } else if (attribute.name() == "value_int" || attribute.name() == "value_ints") {
            const GraphAttribute a = ToAttribute(attribute);
            constant.ints = a.ints;
            constant.is_integer = true;
            constant.has_values = true;
            if (a.is_list) constant.dims = {static_cast<int64_t>(a.ints.size())};
        } else if (attribute.name() == "value_float" || attribute.name() == "value_floats") {
            const GraphAttribute a = ToAttribute(attribute);
            constant.floats = a.floats;
            constant.has_values = true;
            if (a.is_list) constant.dims = {static_cast<int64_t>(a.floats.size())};
        } else {
            continue;
        }
        graph.constants[node.output(0)] = constant;
        return;
    }
}

GraphNode ToNode(const onnx::NodeProto& proto, size_t index) {
    GraphNode node;
    node.op = proto.op_type();
    node.domain = proto.domain();
    node.name = proto.name().empty() ? node.op + "_" + std::to_string(index) : proto.name();
    node.inputs.assign(proto.input().begin(), proto.input().end());
    node.outputs.assign(proto.output().begin(), proto.output().end());
    for (const onnx::AttributeProto& attribute : proto.attribute())
        node.attributes[attribute.name()] = ToAttribute(attribute);
    return node;
}

void ReadGraph(CodedInputStream& in, Graph& graph) {
    uint32_t size = 0;
    if (!in.ReadVarint32(&size)) NotAModel("the graph");
    const CodedInputStream::Limit limit = in.PushLimit(static_cast<int>(size));
    std::vector<GraphValue> inputs;
    for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
        switch (WireFormatLite::GetTagFieldNumber(tag)) {
            case onnx::GraphProto::kNodeFieldNumber: {
                const auto proto = ReadMessage<onnx::NodeProto>(in, "a node");
                if (proto.op_type() == "Constant" && proto.domain().empty())
                    AddConstantNode(proto, graph);
                graph.nodes.push_back(ToNode(proto, graph.nodes.size()));
                break;
            }
            case onnx::GraphProto::kInitializerFieldNumber: {
                bool data_dropped = false;
                const onnx::TensorProto tensor = ReadTensorWithoutLargeData(in, data_dropped);
                graph.constants[tensor.name()] = ToConstant(tensor, data_dropped);
                break;
            }
            case onnx::GraphProto::kInputFieldNumber:
                inputs.push_back(ToValue(ReadMessage<onnx::ValueInfoProto>(in, "a graph input")));
                break;
            case onnx::GraphProto::kOutputFieldNumber:
                graph.outputs.push_back(
                    ToValue(ReadMessage<onnx::ValueInfoProto>(in, "a graph output")));
                break;
            case onnx::GraphProto::kValueInfoFieldNumber:
                graph.annotated.push_back(
                    ToValue(ReadMessage<onnx::ValueInfoProto>(in, "a value's shape")));
                break;
            default:
                if (!WireFormatLite::SkipField(&in, tag)) NotAModel("the graph");
        }
    }
    if (!in.ConsumedEntireMessage()) NotAModel("the graph");
    in.PopLimit(limit);
    // Files from before IR version 4 list the initializers among the inputs too.
    for (GraphValue& input : inputs)
        if (!graph.constants.count(input.name)) graph.inputs.push_back(std::move(input));
}

}  // namespace

Graph ReadOnnxModel(ByteSource& source) {
    SourceStream stream(source);
    google::protobuf::io::CopyingInputStreamAdaptor adaptor(&stream, 1 << 16);
    CodedInputStream in(&adaptor);
    in.SetTotalBytesLimit(INT_MAX);
    Graph graph;
    bool has_graph = false;
    for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
        switch (WireFormatLite::GetTagFieldNumber(tag)) {
            case onnx::ModelProto::kGraphFieldNumber:
                ReadGraph(in, graph);
                has_graph = true;
                break;
            case onnx::ModelProto::kOpsetImportFieldNumber: {
                const auto opset = ReadMessage<onnx::OperatorSetIdProto>(in, "an opset");
                if (opset.domain().empty() || opset.domain() == "ai.onnx")
                    graph.opset = opset.version();
                break;
            }
            default:
                if (!WireFormatLite::SkipField(&in, tag)) NotAModel("the model");
        }
    }
    if (in.BytesUntilTotalBytesLimit() == 0)
        throw Error(
            "the model is larger than 2 GiB, the most a protobuf message may hold: "
            "save its weights as external data (onnx.save(..., save_as_external_data=True))");
    if (!in.ConsumedEntireMessage() || adaptor.ByteCount() == 0) NotAModel("the model");
    if (!has_graph || graph.nodes.empty())
        throw Error("the ONNX model has no graph nodes: nothing to analyse");
    return graph;
}

Graph ReadOnnxModelBytes(const std::string& bytes) {
    MemorySource source(bytes);
    return ReadOnnxModel(source);
}

Graph ReadOnnxModelBase64(const std::string& text) {
    std::string bytes;
    if (!google::protobuf::Base64Unescape(text, &bytes))
        throw Error(
            "the model is not base64 text (encode the file's bytes, e.g. base64 -w0 "
            "model.onnx)");
    return ReadOnnxModelBytes(bytes);
}

Graph ReadOnnxModelFile(const std::string& path) {
    FileSource source(path);
    if (!source.Open()) throw Error("cannot open '" + path + "': check the path");
    return ReadOnnxModel(source);
}

}  // namespace convscope
