// The real-data importers: one factory per format, and format detection.
//
// Each importer is an Importer (feed/importer.h); TickReader wraps them, so
// LoadTickFile, the bot's --ticks/--format and //feed:record --convert read every
// format the same way. The formats, their event mapping and their skip reasons are
// specified in feed/FORMATS.md.
//
// Thread-safety: the factories may run on any thread; each importer is single-threaded.

#ifndef HFTBOT_FEED_IMPORTERS_H_
#define HFTBOT_FEED_IMPORTERS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "feed/importer.h"
#include "feed/tick_format.h"

namespace hftbot::feed {

// Recognises an importer format from the first bytes of the (decompressed) file.
// nullopt when none matches unambiguously.
std::optional<TickFormat> DetectImportFormat(std::string_view head);

// REQUIRES: format is not kAuto, kCsv or kBinary. Throws InputError like the importer.
std::unique_ptr<Importer> MakeImporter(TickFormat format, const std::string& path,
                                       const LoadOptions& options);

std::unique_ptr<Importer> MakeBinanceWsImporter(const std::string& path, const LoadOptions& options);
std::unique_ptr<Importer> MakeBinanceCsvImporter(const std::string& path,
                                                 const LoadOptions& options);
std::unique_ptr<Importer> MakeLobsterImporter(const std::string& path, const LoadOptions& options);
std::unique_ptr<Importer> MakeTardisImporter(const std::string& path, const LoadOptions& options);
std::unique_ptr<Importer> MakeTrueFxImporter(const std::string& path, const LoadOptions& options);
std::unique_ptr<Importer> MakeHistDataImporter(const std::string& path, const LoadOptions& options);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_IMPORTERS_H_
