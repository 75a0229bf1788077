#include "common/cli_app.hpp"

#include <iostream>
#include <string_view>

#include "common/cli_support.hpp"

namespace news::cli {

namespace {

/// Where default_database_path() looks when --db is not given; said in both programs' --help.
constexpr std::string_view kDefaultDatabaseHelp =
    "default: $NEWS_SEARCH_DB, else $XDG_DATA_HOME/news-search/db, else ~/.local/share/news-search/db";

}  // namespace

po::options_description standard_options() {
    po::options_description options("Options");
    options.add_options()("help,h", "print this help and exit")("version", "print version information and exit");
    return options;
}

void add_database_option(po::options_description& options, std::string& path, const std::string& value_name,
                         const std::string& what) {
    options.add_options()("db,d", po::value(&path)->value_name(value_name),
                          (what + "; " + std::string(kDefaultDatabaseHelp)).c_str());
}

void add_database_option(po::options_description& options, std::vector<std::string>& paths,
                         const std::string& value_name, const std::string& what) {
    options.add_options()("db,d", po::value(&paths)->value_name(value_name)->composing(),
                          (what + "; " + std::string(kDefaultDatabaseHelp)).c_str());
}

std::optional<po::variables_map> parse_command_line(int argc, char* argv[], const CommandLineSpec& spec) {
    po::options_description all;
    all.add(spec.options).add_options()(spec.positional_name.c_str(), po::value(spec.positionals));
    po::positional_options_description positional;
    positional.add(spec.positional_name.c_str(), -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (vm.count("help")) {
        spec.print_help(spec.program, spec.options);
        return std::nullopt;
    }
    if (vm.count("version")) {
        std::cout << version_text(spec.program);
        return std::nullopt;
    }
    return vm;
}

int run_program(const char* argv0, std::string_view build_name,
                const std::function<int(const std::string& program)>& body) {
    const std::string program = program_name(argv0, build_name);
    return run_main(program, [&] { return body(program); });
}

}  // namespace news::cli
