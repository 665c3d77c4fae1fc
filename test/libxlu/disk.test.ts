// xlu_disk_parse (tools/libs/util/libxlu_disk.c) and its flex scanner
// (libxlu_disk_l.l): the positional and key=value forms, the deprecated
// prefixes, and every message xlu__disk_err prints, as
// "<source>: config parsing error in disk specification: <msg>[: near `x'] in `<spec>'".
import {describe, expect, it} from 'vitest'
import {parseDisk} from '../../src/libxlu/disk.js'

const err = (spec: string, msg: string, near: string | null = null, source = 'g.cfg'): string =>
  `${source}: config parsing error in disk specification: ${msg}${near === null ? '' : `: near \`${near}'`} in \`${spec}'`

describe('disk specs that parse (libxlu_disk_l.l rules)', () => {
  it.each([
    // positional: target, format, vdev, access (the "[^=,]*,|[^=,]+,?" rule)
    ['/dev/vg/guest,raw,xvda,rw', {pdev_path: '/dev/vg/guest', format: 'raw', vdev: 'xvda', readwrite: 1}],
    ['/img.qcow2,qcow2,xvdb,r', {pdev_path: '/img.qcow2', format: 'qcow2', vdev: 'xvdb', readwrite: 0}],
    // an empty format positional is raw (setformat: "" -> RAW)
    ['/x,,xvda,w', {pdev_path: '/x', format: 'raw', vdev: 'xvda', readwrite: 1}],
    // key=value forms; target= eats the rest of the string, commas and all
    ['vdev=xvdc,access=ro,format=vhd,target=/a,b', {vdev: 'xvdc', readwrite: 0, format: 'vhd', pdev_path: '/a,b'}],
    ['format=raw, vdev=xvdd, target=/disk', {format: 'raw', vdev: 'xvdd', pdev_path: '/disk', readwrite: 1}],
    // devtype=cdrom: removable, read-only, EMPTY without a target (xlu_disk_parse)
    ['vdev=hdc,devtype=cdrom', {vdev: 'hdc', is_cdrom: 1, removable: 1, readwrite: 0, format: 'empty'}],
    // <vdev>:cdrom after an empty target (vdev_and_devtype): format EMPTY
    [',,hdc:cdrom,r', {pdev_path: '', vdev: 'hdc', is_cdrom: 1, removable: 1, readwrite: 0, format: 'empty'}],
    // deprecated prefixes: phy: is dropped, raw:/qcow2: set the format, iscsi: becomes script=block-iscsi
    ['phy:/dev/sdb,xvde,w', {pdev_path: '/dev/sdb', vdev: 'xvde', readwrite: 1, format: 'raw'}],
    ['qcow2:/img,xvdf,r', {format: 'qcow2', pdev_path: '/img', vdev: 'xvdf', readwrite: 0}],
    ['iscsi:iqn.x,xvdg,w', {script: 'block-iscsi', pdev_path: 'iqn.x', vdev: 'xvdg', readwrite: 1, format: 'raw'}],
    ['/d,raw,xvdh,rw,backend=drv,script=block-drbd,backendtype=qdisk,discard,trusted,direct-io-safe',
      {pdev_path: '/d', format: 'raw', vdev: 'xvdh', readwrite: 1, backend_domname: 'drv', script: 'block-drbd',
        backend: 'qdisk', discard_enable: true, trusted: true, direct_io_safe: true}],
  ])('%s', (spec, want) => {
    const r = parseDisk([spec], 'g.cfg')
    expect(r.errors).toEqual([])
    expect(r.failed).toBe(false)
    expect(r.disk).toEqual(want)
  })

  it('block-attach passes several specs: they add up into one disk', () => {
    const r = parseDisk(['/x', 'raw', 'xvda', 'rw'], 'command line')
    expect(r.disk).toEqual({pdev_path: '/x', format: 'raw', vdev: 'xvda', readwrite: 1})
  })

  it('"this is not a disk spec,,,," parses (its target is that text, its vdev empty): libxl refuses it later', () => {
    const r = parseDisk(['this is not a disk spec,,,,'], 'g.cfg')
    expect(r.failed).toBe(false)
    expect(r.disk).toEqual({pdev_path: 'this is not a disk spec', format: 'raw', vdev: '', readwrite: 1})
  })
})

describe('disk spec errors (xlu__disk_err, libxlu_disk.c:16)', () => {
  it.each([
    // the unknown-parameter rule takes one character of the value: [a-z][-a-z0-9]*=[^,],?
    ['bogus=1', [err('bogus=1', 'unknown parameter', 'bogus=1')]],
    ['/x,raw,xvda,bogus=abc', [err('/x,raw,xvda,bogus=abc', 'unknown parameter', 'bogus=a')]],
    ['/x,raw,xvda,rw,extra', [err('/x,raw,xvda,rw,extra', 'too many positional parameters', 'extra')]],
    ['/x,zip,xvda', [err('/x,zip,xvda', 'unknown value for format', 'zip')]],
    ['/x,raw,xvda,rwx', [err('/x,raw,xvda,rwx', 'unknown value for access', 'rwx')]],
    ['vdev=xvda,devtype=floppy,target=/x', [err('vdev=xvda,devtype=floppy,target=/x', 'unknown value for type', 'devtype=floppy,')]],
    ['vdev=xvda,backendtype=nbd,target=/x', [err('vdev=xvda,backendtype=nbd,target=/x', 'unknown value for backendtype', 'nbd')]],
    ['vdev=xvda,specification=scsi,target=/x', [err('vdev=xvda,specification=scsi,target=/x', 'unknown value for specification', 'scsi')]],
    ['vdev=xvda,vdev=xvdb,target=/x', [err('vdev=xvda,vdev=xvdb,target=/x', 'vdev respecified', 'xvdb')]],
    ['format=raw,format=qcow2,vdev=xvda,target=/x', [err('format=raw,format=qcow2,vdev=xvda,target=/x', 'format respecified', 'qcow2')]],
    ['foo:/x,xvda', [err('foo:/x,xvda', 'unknown deprecated disk prefix', 'foo:')]],
    ['/x,raw,hdc:floppy', [err('/x,raw,hdc:floppy', 'unknown deprecated type', 'floppy')]],
    ['vdev=xvda,colo-port=abc,target=/x', [err('vdev=xvda,colo-port=abc,target=/x', 'unknown value for colo_port', 'abc')]],
    // a character no rule takes: `.` starts LEXERR, which reports the rest of the line
    ['=oops', [err('=oops', 'bad disk syntax', '=oops')]],
    // xlu_disk_parse's own checks after the scan
    ['/x', [err('/x', 'no vdev specified')]],
    ['', [err('', 'no vdev specified')]],
  ])('%j', (spec, lines) => {
    const r = parseDisk([spec], 'g.cfg')
    expect(r.failed).toBe(true)
    expect(r.errors).toEqual(lines)
  })

  it('errors keep coming after the first one but positional ones stop (`if (DPC->err)`)', () => {
    const spec = 'bogus=1,other=2,/x,raw'
    expect(parseDisk([spec], 'g.cfg').errors).toEqual([
      err(spec, 'unknown parameter', 'bogus=1,'), err(spec, 'unknown parameter', 'other=2,'),
    ])
  })

  it('names the config source it was given', () => {
    expect(parseDisk(['x=1'], 'command line').errors).toEqual([err('x=1', 'unknown parameter', 'x=1', 'command line')])
  })
})

describe('disk spec fuzz: any string ends in a result or an error, quickly', () => {
  const alphabet = 'abcxyz019=,:/ \t\n-.*phyrawqcow2vdevtargetformatcdrom\0é'
  let seed = 12345
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  it('5000 random specs', () => {
    const start = Date.now()
    for (let i = 0; i < 5000; i++) {
      const len = rnd(40)
      let s = ''
      for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)]
      const r = parseDisk([s], 'f.cfg')
      expect(typeof r.failed).toBe('boolean')
      for (const line of r.errors) expect(line.startsWith('f.cfg: config parsing error in disk specification: ')).toBe(true)
      if (!r.failed) expect(r.disk.vdev).toBeDefined()
    }
    expect(Date.now() - start).toBeLessThan(20000)
  })

  it('a megabyte-long spec', () => {
    const r = parseDisk([`${'a'.repeat(1 << 20)},raw,xvda`], 'f.cfg')
    expect(r.failed).toBe(false)
    expect(r.disk.vdev).toBe('xvda')
  })
})
