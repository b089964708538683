// Times HepMC3's C++ reader of HepMC2 IO_GenEvent files, for bench/eventio.
//
//   bench_read <file.hepmc2>
//
// Reads every event with ReaderAsciiHepMC2, counts events, particles and status-1 particles, and
// prints one JSON line on stderr (stdout carries the reader's own chatter):
//   {"events":…,"particles":…,"finalState":…,"seconds":…,"maxRssMiB":…}
// Build: g++ -O2 -std=c++17 bench_read.cc -lHepMC3 -o bench_read
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/ReaderAsciiHepMC2.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_read <file.hepmc2>\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  HepMC3::ReaderAsciiHepMC2 reader(argv[1]);
  long events = 0;
  long particles = 0;
  long finalState = 0;
  for (;;) {
    HepMC3::GenEvent event;
    if (!reader.read_event(event) || reader.failed()) break;
    ++events;
    particles += static_cast<long>(event.particles().size());
    for (const auto& p : event.particles()) {
      if (p->status() == 1) ++finalState;
    }
  }
  reader.close();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::fprintf(stderr,
               "{\"events\":%ld,\"particles\":%ld,\"finalState\":%ld,\"seconds\":%.3f,\"maxRssMiB\":%.1f}\n",
               events, particles, finalState, seconds, usage.ru_maxrss / 1024.0);
  return events > 0 ? 0 : 1;
}
