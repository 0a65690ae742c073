// Preloaded into the suite's origin (node --import): upstream's server.listen(port) binds every
// interface; this makes a bare-port listen() bind 127.0.0.1 only, without editing the suite.
import net from 'node:net'

const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const bare = typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))
  if (bare && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1')
  }
  return listen.apply(this, args)
}
