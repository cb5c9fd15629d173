// A server that does nothing, to measure the load generator's own ceiling.
// Raw TCP rather than node:http so the sink costs far less per request than the
// generator does and is not what saturates first. It assumes what the generator
// sends: GET requests without bodies, so each request ends at its first blank
// line. Prints {"port":N} on stdout; exits when stdin closes or on SIGTERM.
import { createServer } from "node:net";

const RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";
const END = "\r\n\r\n";
// A request head longer than this is not what the generator sends.
const MAX_HEAD = 64 * 1024;

const server = createServer({ noDelay: true }, (socket) => {
  // What follows the last complete request: the start of one split across chunks.
  let rest = "";
  socket.setEncoding("latin1");
  socket.on("data", (chunk) => {
    const text = rest + chunk;
    let answers = 0;
    let from = 0;
    for (let at = text.indexOf(END, from); at !== -1; at = text.indexOf(END, from)) {
      answers++;
      from = at + END.length;
    }
    rest = text.slice(from);
    if (rest.length > MAX_HEAD) socket.destroy();
    else if (answers > 0) socket.write(RESPONSE.repeat(answers));
  });
  socket.on("error", () => socket.destroy());
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});

const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
