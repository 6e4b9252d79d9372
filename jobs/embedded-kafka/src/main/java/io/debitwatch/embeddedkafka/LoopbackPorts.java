package io.debitwatch.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free ports on the loopback interface, and how a lost race for one shows. */
final class LoopbackPorts {

    private LoopbackPorts() {}

    /** Asks the OS for free loopback ports; they are released again before the broker binds. */
    static int[] free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                // Held open together so the OS cannot hand out the same port twice.
                ServerSocket socket =
                        new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafka.HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + EmbeddedKafka.HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Nothing to do: the port was only probed.
                }
            }
        }
    }

    static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
