#include "common/stub_file.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "common/terminal_text.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

/// Stubs listing stubs: deeper than this is a loop.
constexpr int kMaxStubDepth = 8;

/// The first bytes of a single-file glass database, by which Xapian tells one from a stub
/// file (xapian-core 1.4, api/databasehelpers.h).
constexpr std::string_view kSingleFileGlassMagic{"\x0f\x0dXapian Glass", 14};

/// How a stub is being read.
struct Reading {
    StubPrograms programs = StubPrograms::kRefuse;
    /// Keep a line's carriage return, as Xapian does ("auto a\r" names the folder "a\r"),
    /// when the path is to be handed to Xapian; else a stub saved with CRLF line breaks
    /// reads as intended.
    bool keep_carriage_returns = false;
};

/// Xapian's test (`file_exists`): a regular file, symbolic links followed.
bool is_file(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

/// A folder Xapian opens through its XAPIANDB: one that is not a glass or chert database.
bool is_stub_folder(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) && !is_file(path / "iamglass") && !is_file(path / "iamchert") &&
           is_file(path / "XAPIANDB");
}

/// Xapian reads every regular file as a stub but a single-file glass database, whatever
/// else it holds (a comment may hold any byte, and the line after it still counts).
bool is_stub_file(const fs::path& path) {
    if (!is_file(path)) return false;
    std::ifstream in(path, std::ios::binary);
    char head[kSingleFileGlassMagic.size()] = {};
    in.read(head, sizeof head);
    return std::string_view(head, static_cast<std::size_t>(in.gcount())) != kSingleFileGlassMagic;
}

void expand(const fs::path& path, const std::string& listed_in, unsigned line, int depth, const Reading& reading,
            std::vector<ShardSpec>& out);

/// One stub line (already known not to be blank or a comment) into `out`.
void expand_line(const std::string& text, const fs::path& stub, unsigned line, int depth, const Reading& reading,
                 std::vector<ShardSpec>& out) {
    const auto bad = [&](const std::string& why) {
        return std::runtime_error(stub.string() + ", line " + std::to_string(line) + ": " + why);
    };
    const auto space = text.find(' ');
    const std::string type = text.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : text.substr(space + 1);
    const auto local_path = [&] { return fs::path(rest).is_absolute() ? fs::path(rest) : stub.parent_path() / rest; };
    if ((type == "auto" || type == "glass" || type == "chert") && !rest.empty()) {
        if (type == "auto") return expand(local_path(), stub.string(), line, depth + 1, reading, out);
        ShardSpec spec{ShardSpec::Kind::kLocal, local_path().string(), 0, "", stub.string(), line};
        spec.backend = type == "glass" ? ShardSpec::Backend::kGlass : ShardSpec::Backend::kChert;
        out.push_back(std::move(spec));
        return;
    }
    if (type == "inmemory" && rest.empty()) {
        out.push_back({ShardSpec::Kind::kInMemory, "", 0, "", stub.string(), line});
        return;
    }
    // Xapian runs PROGRAM for any "remote :" line (even an empty one); this one must not
    // get past the check below by being read as something else.
    if (type == "remote" && rest.starts_with(':')) {
        if (reading.programs == StubPrograms::kRefuse)
            throw StubProgramError(stub.string() + ", line " + std::to_string(line) + ": '" + escape_for_message(text) +
                                   "' would run a program: refused, since a database from someone else could run any "
                                   "command this way (pass --allow-stub-programs if you trust it)");
        if (rest.size() == 1) throw bad("'remote :' names no program");
        const auto args_at = rest.find(' ');
        out.push_back({ShardSpec::Kind::kRemoteProgram,
                       rest.substr(1, args_at == std::string::npos ? args_at : args_at - 1), 0,
                       args_at == std::string::npos ? "" : rest.substr(args_at + 1), stub.string(), line});
        return;
    }
    if (type == "remote") {
        if (rest.starts_with("tcp "))
            throw bad("Xapian's stub format has no 'tcp' word: write 'remote " + rest.substr(4) + "'");
        const auto colon = rest.rfind(':');
        std::string host = colon == std::string::npos ? "" : rest.substr(0, colon);
        const std::string port = colon == std::string::npos ? "" : rest.substr(colon + 1);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        const bool numeric =
            !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
        if (host.empty() || !numeric || std::stoul(port) == 0 || std::stoul(port) > 65535)
            throw bad("expected 'remote HOST:PORT' or 'remote :PROGRAM ARGS'");
        out.push_back(
            {ShardSpec::Kind::kRemoteTcp, host, static_cast<unsigned>(std::stoul(port)), "", stub.string(), line});
        return;
    }
    throw bad("not a database line (auto PATH, glass PATH, remote HOST:PORT, remote :PROGRAM ARGS)");
}

void expand_stub(const fs::path& stub, int depth, const Reading& reading, std::vector<ShardSpec>& out) {
    if (depth > kMaxStubDepth) throw std::runtime_error(stub.string() + ": stub files nested too deeply (a loop?)");
    std::ifstream in(stub);
    if (!in) throw std::runtime_error("cannot read the stub file " + stub.string());
    std::string text;
    for (unsigned line = 1; std::getline(in, text); ++line) {
        if (!reading.keep_carriage_returns && !text.empty() && text.back() == '\r') text.pop_back();
        if (text.empty() || text.front() == '#') continue;
        expand_line(text, stub, line, depth, reading, out);
    }
}

void expand(const fs::path& path, const std::string& listed_in, unsigned line, int depth, const Reading& reading,
            std::vector<ShardSpec>& out) {
    if (is_stub_folder(path)) return expand_stub(path / "XAPIANDB", depth, reading, out);
    if (is_stub_file(path)) return expand_stub(path, depth, reading, out);
    out.push_back({ShardSpec::Kind::kLocal, path.string(), 0, "", listed_in, line});
}

}  // namespace

std::string ShardSpec::name() const {
    std::string out;
    switch (kind) {
        case Kind::kLocal:
            out = location;
            break;
        case Kind::kRemoteTcp:
            out = location + ":" + std::to_string(port);
            break;
        case Kind::kRemoteProgram:
            out = "remote :" + location + (args.empty() ? "" : " " + args);
            break;
        case Kind::kInMemory:
            out = "inmemory";
            break;
    }
    if (!listed_in.empty()) out += " (listed in " + listed_in + ", line " + std::to_string(line) + ")";
    return out;
}

std::vector<ShardSpec> expand_database_path(const std::string& path, StubPrograms programs) {
    std::vector<ShardSpec> out;
    expand(path, "", 0, 0, Reading{programs, false}, out);
    return out;
}

void refuse_stub_programs(const std::string& path) {
    std::vector<ShardSpec> ignored;
    expand(path, "", 0, 0, Reading{StubPrograms::kRefuse, true}, ignored);
}

}  // namespace news
