package io.inferedge.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free local ports for a test's {@link LocalPlatform}, so that it never meets a running one. */
final class FreePorts {

  private FreePorts() {}

  static LocalPlatform.Ports platform() throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        sockets.add(new ServerSocket(0));
      }
      return new LocalPlatform.Ports(
          sockets.get(0).getLocalPort(),
          sockets.get(1).getLocalPort(),
          sockets.get(2).getLocalPort(),
          sockets.get(3).getLocalPort(),
          sockets.get(4).getLocalPort(),
          sockets.get(5).getLocalPort(),
          sockets.get(6).getLocalPort(),
          sockets.get(7).getLocalPort());
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
