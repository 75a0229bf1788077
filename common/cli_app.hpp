/// @file cli_app.hpp
/// @brief The command-line skeleton the three programs (indexer, searcher, evaluate) share:
/// the standard options, parsing into a variables_map, --help and --version, and --db.
///
/// The one module besides the mains that includes Boost.Program_options. It is a library of
/// its own (news::cli) that only the programs link, so the libraries and everything that
/// links them stay free of Boost (STYLE.md, dependency rule); a program's options still end
/// up in a plain struct of its main.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::cli {

namespace po = boost::program_options;

/// The "Options" group of every program, holding --help/-h and --version; a program adds its
/// own options after them, so that its --help lists them in that order.
po::options_description standard_options();

/// Adds --db/-d for one database (the indexer writes one): `path` stays empty when the option
/// is not given, and default_database_path() says which database that means. `what` is the
/// start of its help text; the default location is added.
void add_database_option(po::options_description& options, std::string& path, const std::string& value_name,
                         const std::string& what);

/// Adds --db/-d, repeatable (the searcher searches several as one): `paths` stays empty when
/// the option is not given. Otherwise as above.
void add_database_option(po::options_description& options, std::vector<std::string>& paths,
                         const std::string& value_name, const std::string& what);

/// Writes a program's --help (usage, description, `options`, exit status) to stdout.
using HelpPrinter = std::function<void(const std::string& program, const po::options_description& options)>;

/// What parse_command_line() needs to know of a program's command line.
struct CommandLineSpec {
    std::string program;              ///< the name it was started under, for --help and --version
    po::options_description options;  ///< what --help lists: standard_options() and the program's own
    /// The hidden option the positional arguments are stored in. Boost also takes it as
    /// `--NAME VALUE` and names it in some messages, so it is each program's own word.
    std::string positional_name;
    std::vector<std::string>* positionals = nullptr;  ///< where the positional arguments go
    HelpPrinter print_help;
};

/// Parses argv by `spec`: the option values are stored where `spec.options` points them, the
/// positional arguments in `*spec.positionals`. A Boost.Program_options error becomes a
/// UsageError with Boost's message. With --help, prints the help to stdout; with --version,
/// version_text(); both return nullopt (the program then exits 0 at once). Otherwise
/// returns the variables, for the options whose presence matters (`vm.count("limit")`).
std::optional<po::variables_map> parse_command_line(int argc, char* argv[], const CommandLineSpec& spec);

/// The whole main() of a program: `body(program)` inside run_main(), `program` being the name
/// it was started under (program_name() of argv[0], else `build_name`).
int run_program(const char* argv0, std::string_view build_name,
                const std::function<int(const std::string& program)>& body);

}  // namespace news::cli
