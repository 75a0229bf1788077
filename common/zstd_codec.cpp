#include "common/zstd_codec.hpp"

#include <zdict.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

namespace news {

namespace {
void check(std::size_t code, const char* what) {
    if (ZSTD_isError(code)) throw ZstdError(std::string(what) + ": " + ZSTD_getErrorName(code));
}
/// The most a zstd frame can decompress to per byte of it: a 128 KiB RLE block in 4 bytes.
constexpr unsigned long long kMaxBytesPerFrameByte = (128 * 1024) / 4;

}  // namespace

// --- ZstdDictionary ------------------------------------------------------------------

struct ZstdDictionary::Digested {
    int level = 0;
    std::once_flag cdict_once;
    std::unique_ptr<ZSTD_CDict, decltype(&ZSTD_freeCDict)> cdict{nullptr, ZSTD_freeCDict};
    std::unique_ptr<ZSTD_DDict, decltype(&ZSTD_freeDDict)> ddict{nullptr, ZSTD_freeDDict};
};

ZstdDictionary::ZstdDictionary(std::string bytes, int level)
    : bytes_(std::move(bytes)),
      id_(ZSTD_getDictID_fromDict(bytes_.data(), bytes_.size())),
      digested_(std::make_unique<Digested>()) {
    // A raw-content "dictionary" has no id, so frames could not name it: refused.
    if (id_ == 0) throw ZstdError("zstd: not a zstd dictionary (no dictionary id)");
    digested_->level = level;
    digested_->ddict.reset(ZSTD_createDDict(bytes_.data(), bytes_.size()));
    if (!digested_->ddict) throw ZstdError("zstd: cannot load the dictionary");
}

const ZSTD_CDict* ZstdDictionary::compression_dictionary() const {
    std::call_once(digested_->cdict_once, [this] {
        digested_->cdict.reset(ZSTD_createCDict(bytes_.data(), bytes_.size(), digested_->level));
    });
    if (!digested_->cdict) throw ZstdError("zstd: cannot load the dictionary for compression");
    return digested_->cdict.get();
}

ZstdDictionary::~ZstdDictionary() = default;

std::optional<std::string> train_zstd_dictionary(const std::vector<std::string>& samples, std::size_t capacity) {
    std::string joined;
    std::vector<std::size_t> sizes;
    sizes.reserve(samples.size());
    for (const auto& sample : samples) {
        joined += sample;
        sizes.push_back(sample.size());
    }
    std::string dictionary(capacity, '\0');
    const std::size_t size = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(), sizes.data(),
                                                   static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(size)) return std::nullopt;  // e.g. too few or too small samples
    dictionary.resize(size);
    return dictionary;
}

std::uint32_t zstd_frame_dictionary(std::string_view frame) {
    return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

// --- ZstdCompressor -----------------------------------------------------------------

struct ZstdCompressor::Context {
    std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx{ZSTD_createCCtx(), ZSTD_freeCCtx};
};

ZstdCompressor::ZstdCompressor(int level) : ctx_(std::make_unique<Context>()), level_(level) {
    if (!ctx_->cctx) throw ZstdError("zstd: cannot allocate a compression context");
    check(ZSTD_CCtx_setParameter(ctx_->cctx.get(), ZSTD_c_compressionLevel, level_), "zstd level");
    check(ZSTD_CCtx_setParameter(ctx_->cctx.get(), ZSTD_c_contentSizeFlag, 1), "zstd content size");
    // 4 bytes a frame, so that damaged data is an error and never different text.
    check(ZSTD_CCtx_setParameter(ctx_->cctx.get(), ZSTD_c_checksumFlag, 1), "zstd checksum");
}

ZstdCompressor::~ZstdCompressor() = default;

void ZstdCompressor::compress(std::string_view plain, std::string& out) {
    const std::size_t start = out.size();
    out.resize(start + ZSTD_compressBound(plain.size()));
    const std::size_t written =
        ZSTD_compress2(ctx_->cctx.get(), out.data() + start, out.size() - start, plain.data(), plain.size());
    check(written, "zstd compress");
    out.resize(start + written);
}

void ZstdCompressor::compress(std::string_view plain, std::string& out, const ZstdDictionary& dictionary) {
    const std::size_t start = out.size();
    out.resize(start + ZSTD_compressBound(plain.size()));
    // The context's frame parameters (content size, checksum) apply, and the dictionary's
    // id is recorded; referencing a digested dictionary is a pointer assignment.
    ZSTD_CCtx* cctx = ctx_->cctx.get();
    check(ZSTD_CCtx_refCDict(cctx, dictionary.compression_dictionary()), "zstd dictionary");
    const std::size_t written =
        ZSTD_compress2(cctx, out.data() + start, out.size() - start, plain.data(), plain.size());
    ZSTD_CCtx_refCDict(cctx, nullptr);  // back to no dictionary
    check(written, "zstd compress");
    out.resize(start + written);
}

// --- ZstdDecompressor ---------------------------------------------------------------

struct ZstdDecompressor::Context {
    std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx{ZSTD_createDCtx(), ZSTD_freeDCtx};
};

ZstdDecompressor::ZstdDecompressor() : ctx_(std::make_unique<Context>()) {
    if (!ctx_->dctx) throw ZstdError("zstd: cannot allocate a decompression context");
}

ZstdDecompressor::~ZstdDecompressor() = default;

std::string ZstdDecompressor::decompress(std::string_view frame, std::size_t max_size) {
    return decompress_frame(frame, max_size, nullptr);
}

std::string ZstdDecompressor::decompress(std::string_view frame, std::size_t max_size,
                                         const ZstdDictionary& dictionary) {
    return decompress_frame(frame, max_size, &dictionary);
}

std::string ZstdDecompressor::decompress_frame(std::string_view frame, std::size_t max_size,
                                               const ZstdDictionary* dictionary) {
    const unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (declared == ZSTD_CONTENTSIZE_ERROR) throw ZstdError("zstd: not a valid frame");
    if (declared == ZSTD_CONTENTSIZE_UNKNOWN) throw ZstdError("zstd: frame has no content size");
    if (declared > max_size)
        throw ZstdError("zstd: frame declares " + std::to_string(declared) + " bytes, over the limit");
    // The size is allocated before decompressing, so a damaged header must not be trusted:
    // every block costs at least 4 bytes (3 of header, 1 of RLE payload) and yields at most
    // 128 KiB, so no frame holds more than 32 KiB per byte. Found by fuzzing: a damaged
    // 20-byte stored record could make the searcher allocate up to `max_size` (1 GiB).
    if (declared / kMaxBytesPerFrameByte > frame.size())
        throw ZstdError("zstd: frame declares " + std::to_string(declared) + " bytes, more than its " +
                        std::to_string(frame.size()) + " bytes can hold");
    std::string plain(static_cast<std::size_t>(declared), '\0');
    const std::size_t got =
        dictionary ? ZSTD_decompress_usingDDict(ctx_->dctx.get(), plain.data(), plain.size(), frame.data(),
                                                frame.size(), dictionary->digested_->ddict.get())
                   : ZSTD_decompressDCtx(ctx_->dctx.get(), plain.data(), plain.size(), frame.data(), frame.size());
    check(got, "zstd decompress");
    if (got != declared) throw ZstdError("zstd: frame size mismatch");
    return plain;
}

// --- ZstdFileReader -------------------------------------------------------------------

struct ZstdFileReader::Context {
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file{nullptr, std::fclose};
    std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> dstream{ZSTD_createDStream(), ZSTD_freeDStream};
    std::vector<char> in_buf = std::vector<char>(ZSTD_DStreamInSize());
    ZSTD_inBuffer in{nullptr, 0, 0};
    std::size_t last_result = 0;  // 0 when the last frame ended cleanly
    bool eof = false;
};

ZstdFileReader::ZstdFileReader(const std::string& path) : ctx_(std::make_unique<Context>()) {
    ctx_->file.reset(std::fopen(path.c_str(), "rb"));
    if (!ctx_->file) throw std::runtime_error(path + ": " + std::strerror(errno));
    if (!ctx_->dstream) throw ZstdError("zstd: cannot allocate a stream");
    check(ZSTD_initDStream(ctx_->dstream.get()), "zstd init");
    ctx_->in = {ctx_->in_buf.data(), 0, 0};
}

ZstdFileReader::~ZstdFileReader() = default;

bool ZstdFileReader::read(std::string& chunk) {
    Context& c = *ctx_;
    chunk.resize(ZSTD_DStreamOutSize());
    for (;;) {
        if (c.in.pos == c.in.size && !c.eof) {
            const std::size_t n = std::fread(c.in_buf.data(), 1, c.in_buf.size(), c.file.get());
            if (n == 0) {
                if (std::ferror(c.file.get()))
                    throw std::runtime_error(std::string("read error: ") + std::strerror(errno));
                c.eof = true;
            }
            compressed_read_ += n;
            c.in = {c.in_buf.data(), n, 0};
        }
        // A frame that ended (result 0) was fully flushed: out of input, that is a clean end.
        if (c.eof && c.in.pos == c.in.size && c.last_result == 0) {
            chunk.clear();
            return false;
        }
        // At end of input the stream may still hold buffered output: drain it first.
        ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
        c.last_result = ZSTD_decompressStream(c.dstream.get(), &out, &c.in);
        check(c.last_result, "zstd");
        if (out.pos > 0) {
            chunk.resize(out.pos);
            return true;
        }
        if (c.eof && c.in.pos == c.in.size) {
            if (c.last_result != 0) throw ZstdError("truncated zstd data (the last frame is incomplete)");
            chunk.clear();
            return false;
        }
    }
}

std::string zstd_version() { return ZSTD_versionString(); }

}  // namespace news
