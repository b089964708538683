// Reference files written by HepMC3's own C++ writers (Debian libhepmc3-dev 3.1.2).
//
//   convert_fixtures <hepmc2|hepmc3> <in> <out.hepmc3> <out.hepmc2> [first] [count]
//
// Reads <in> with ReaderAsciiHepMC2 (hepmc2) or ReaderAscii (hepmc3), skips the first `first`
// events, and writes the next `count` events both as Asciiv3 (WriterAscii) and as IO_GenEvent
// (WriterAsciiHepMC2). Build:
//   g++ -O2 -std=c++17 convert_fixtures.cc -lHepMC3 -o convert_fixtures
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "HepMC3/GenEvent.h"
#include "HepMC3/Reader.h"
#include "HepMC3/ReaderAscii.h"
#include "HepMC3/ReaderAsciiHepMC2.h"
#include "HepMC3/WriterAscii.h"
#include "HepMC3/WriterAsciiHepMC2.h"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: convert_fixtures <hepmc2|hepmc3> <in> <out.hepmc3> <out.hepmc2> [first] [count]\n";
    return 2;
  }
  const std::string kind = argv[1];
  const int first = argc > 5 ? std::atoi(argv[5]) : 0;
  const int count = argc > 6 ? std::atoi(argv[6]) : 1000000;
  std::unique_ptr<HepMC3::Reader> reader;
  if (kind == "hepmc2") reader = std::make_unique<HepMC3::ReaderAsciiHepMC2>(argv[2]);
  else if (kind == "hepmc3") reader = std::make_unique<HepMC3::ReaderAscii>(argv[2]);
  else {
    std::cerr << "convert_fixtures: unknown input kind " << kind << "\n";
    return 2;
  }
  std::shared_ptr<HepMC3::GenRunInfo> runInfo;
  HepMC3::WriterAscii* writer3 = nullptr;
  HepMC3::WriterAsciiHepMC2* writer2 = nullptr;
  int index = 0;
  int written = 0;
  while (written < count) {
    HepMC3::GenEvent event;
    if (!reader->read_event(event) || reader->failed()) break;
    if (index++ < first) continue;
    if (writer3 == nullptr) {
      // The writers take the run info (weight names) when they are made.
      writer3 = new HepMC3::WriterAscii(argv[3], event.run_info());
      writer2 = new HepMC3::WriterAsciiHepMC2(argv[4], event.run_info());
    }
    writer3->write_event(event);
    writer2->write_event(event);
    ++written;
  }
  if (writer3 != nullptr) {
    writer3->close();
    writer2->close();
    delete writer3;
    delete writer2;
  }
  reader->close();
  std::cerr << "convert_fixtures: wrote " << written << " events\n";
  return written > 0 ? 0 : 1;
}
