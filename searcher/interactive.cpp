#include "searcher/interactive.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "common/cli_support.hpp"

namespace news {

int run_interactive(SearchEngine&, const SearchRequest&, const FormatOptions&) {
    std::cerr << "searcher: the interactive prompt is not built yet; give a query\n";
    return kExitUsage;
}

void page_output(const std::string& text) {
    if (!is_terminal(STDOUT_FILENO)) {
        std::cout << text;
        return;
    }
    const char* pager = std::getenv("PAGER");
    const std::string command = pager && *pager ? pager : "less -R";
    std::cout.flush();
    if (FILE* pipe = ::popen(command.c_str(), "w")) {
        std::fwrite(text.data(), 1, text.size(), pipe);
        ::pclose(pipe);
        return;
    }
    std::cout << text;
}

}  // namespace news
