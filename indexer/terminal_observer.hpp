/// @file terminal_observer.hpp
/// @brief How the indexer shows a run on a terminal, and how Ctrl-C stops it.
#pragma once

#include <string>
#include <string_view>

#include "common/cli_support.hpp"
#include "indexer/indexing_run.hpp"

namespace news {

/// Makes the first SIGINT or SIGTERM ask for a stop (stop_requested() turns true; what was
/// read is committed) and a second one end the process at once, as if unhandled: the
/// database is still whole, since commits are atomic. Installed without SA_RESTART, so a
/// call waiting for input that may never come (opening a FIFO no one writes to) is
/// interrupted rather than resumed.
void stop_on_first_signal();

/// True once a signal stop_on_first_signal() set up for has arrived.
bool stop_requested();

/// "indexing: 3 files, 1200 articles (1200 added, 0 updated, 0 unchanged), 2.1 MB/s,
/// 800 docs/s, ETA 0:42": the ETA only when the total size is known.
std::string progress_text(const IndexProgress& progress);

/// Shows a run: bad records on stderr (escaped: they quote the corpus), a progress line
/// (on a terminal only, and not when quiet), notes about the run unless quiet; stops when
/// stop_requested().
class TerminalObserver : public IndexObserver {
  public:
    /// `program` prefixes notes.
    TerminalObserver(std::string program, bool quiet);

    void on_record(const RecordLocation& where, std::string_view what) override;
    void on_note(std::string_view message) override;
    void on_step(std::string_view step) override;
    void on_progress(const IndexProgress& progress) override;
    bool wants_total_bytes() const override { return on_terminal_; }
    bool should_stop() override { return stop_requested(); }
    /// Erases the progress line, before the summary.
    void clear() { progress_.clear(); }

  private:
    std::string program_;
    bool quiet_;
    ProgressLine progress_;
    bool on_terminal_;
};

}  // namespace news
