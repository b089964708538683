// Independent check of refshower event files with HepMC3's own reader (Debian libhepmc3-dev).
//
//   check <file.hepmc3>
//
// Reads every event with HepMC3::ReaderAscii and checks, for each vertex, that the incoming and
// outgoing four-momenta balance (1e-9 relative), that every status-1 particle has a production
// vertex and no end vertex, and that the colour flow attributes (flow1/flow2) of the status-1
// partons close: every tag once as colour and once as anticolour. Prints one summary line and
// exits 1 on the first failure. Build:
//   g++ -O2 -std=c++17 check.cc -lHepMC3 -o check
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "HepMC3/GenEvent.h"
#include "HepMC3/GenParticle.h"
#include "HepMC3/GenVertex.h"
#include "HepMC3/ReaderAscii.h"
#include "HepMC3/Attribute.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: check <file.hepmc3>\n";
    return 2;
  }
  HepMC3::ReaderAscii reader(argv[1]);
  long events = 0, finals = 0;
  double worst = 0;
  while (true) {
    HepMC3::GenEvent ev;
    reader.read_event(ev);
    if (reader.failed()) break;
    ++events;
    for (const auto& v : ev.vertices()) {
      HepMC3::FourVector in, out;
      for (const auto& p : v->particles_in()) in += p->momentum();
      for (const auto& p : v->particles_out()) out += p->momentum();
      const double scale = in.e();
      const double d = std::max({std::abs(in.px() - out.px()), std::abs(in.py() - out.py()),
                                 std::abs(in.pz() - out.pz()), std::abs(in.e() - out.e())}) / scale;
      worst = std::max(worst, d);
      if (d > 1e-9) {
        std::cerr << "event " << ev.event_number() << ": vertex " << v->id() << " imbalance " << d << "\n";
        return 1;
      }
    }
    std::map<int, int> colour, anticolour;
    for (const auto& p : ev.particles()) {
      if (p->status() != 1) continue;
      ++finals;
      if (!p->production_vertex() || p->end_vertex()) {
        std::cerr << "event " << ev.event_number() << ": final particle " << p->id() << " badly linked\n";
        return 1;
      }
      auto f1 = p->attribute<HepMC3::IntAttribute>("flow1");
      auto f2 = p->attribute<HepMC3::IntAttribute>("flow2");
      if (f1 && f1->value() > 0) colour[f1->value()]++;
      if (f2 && f2->value() > 0) anticolour[f2->value()]++;
    }
    for (const auto& [tag, n] : colour) {
      if (n != 1 || anticolour[tag] != 1) {
        std::cerr << "event " << ev.event_number() << ": colour tag " << tag << " not closed\n";
        return 1;
      }
    }
    if (colour.size() != anticolour.size()) {
      std::cerr << "event " << ev.event_number() << ": unmatched anticolour tags\n";
      return 1;
    }
  }
  std::cout << argv[1] << ": " << events << " events, " << finals
            << " final particles, worst vertex imbalance " << worst << ", colour flow closed\n";
  return events > 0 ? 0 : 1;
}
