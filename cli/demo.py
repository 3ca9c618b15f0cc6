"""`doorstep demo`: a ready demo home to try the app; `doorstep demo generate`: test data.

Kept thin: the data comes from demo/ (make_demo_home, generate_homes); this module only parses
options, picks the folder and prints where things are.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from doorstep.i18n import Message, UserError

HOME_HELP = (
    "folder of the demo home (default: the 'demo' folder inside doorstep's user data folder; "
    "DOORSTEP_HOME is not used, so a demo never mixes with a real home) / "
    "演示主目录（默认：doorstep 用户数据目录下的 demo 文件夹；"
    "不使用 DOORSTEP_HOME，演示数据不会混入真实主目录）"
)

DEMO_DESCRIPTION = (
    "Create a ready demo device home unless it exists (about 60 households in 5 villages covering "
    "every category, an assignment for this device, one draft in progress and a few finalized "
    "visits), print where it is and open the app on it. The folder is --home (given before or "
    "after 'demo'), else <user data folder>/demo; the device is enrolled with a demo office kept "
    "in its subfolder office/ (open it with --home DIR/office). An existing home is never "
    "changed. / "
    "创建演示设备主目录（如已存在则保持原样）：5 个村约 60 户、覆盖全部类别、本机的走访任务、"
    "1 份未完成的草稿和若干已定稿走访；设备已在其子文件夹 office/ 中的演示办公室登记。显示其位置并打开应用。"
)

GENERATE_DESCRIPTION = (
    "Write an office home OUT/office and device homes OUT/device-1 ... OUT/device-K, enrolled with "
    "each other (device keys registered at the office, the office key on each device), with a "
    "realistic register (the office holds every household, each device its assigned share) and "
    "VISITS finalized, not yet exported visits of the four kinds spread over the devices. The same "
    "seed gives the same people and answers. For trying the office side, tests and benchmarks. / "
    "生成办公室主目录 OUT/office 和设备主目录 OUT/device-1 … OUT/device-K，双方已互相登记密钥；"
    "登记册真实可信（办公室持有全部，各设备持有分配给它的部分），并在各设备上生成四类已定稿、未导出的走访。"
)


def demo_dir(args: argparse.Namespace) -> Path:
    """Where the demo home lives: --home, else the user data folder's 'demo' subfolder."""
    explicit = getattr(args, "home", None)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("doorstep", appauthor=False)) / "demo"


def _count(option: str, value: str, low: int, high: int) -> int:
    """A whole number given on the command line, or a UserError naming the option."""
    from doorstep.demo.messages import MESSAGES

    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise UserError(Message(MESSAGES, "bad_count",
                                {"option": option, "low": low, "high": high, "value": value}))
    return number


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    from doorstep.demo.messages import MESSAGES

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(Message(MESSAGES, "bad_date", {"value": value})) from None


def run_demo(args: argparse.Namespace) -> int:
    from doorstep.demo.home import DemoResult, ensure_demo_home
    from doorstep.demo.messages import t

    path = demo_dir(args)
    result: DemoResult = ensure_demo_home(path, lang=args.lang, today=_today(args.today))
    if result.created:
        print(t("demo_created", args.lang, path=result.path, households=result.households,
                villages=result.villages, visits=result.visits))
    elif result.is_demo:
        print(t("demo_exists", args.lang, path=result.path))
    else:
        print(t("home_exists_not_demo", args.lang, path=result.path))
    if result.office is not None:
        print(t("demo_office", args.lang, path=result.office))
    _say_pin(args)
    if args.no_tui:
        return 0
    from doorstep.cli.app import run_app

    args.home = str(result.path)
    return int(run_app(args) or 0)


def run_generate(args: argparse.Namespace) -> int:
    from doorstep.demo.generate import generate_homes
    from doorstep.demo.messages import t

    households = _count("--households", args.households, 1, 10_000_000)
    devices = _count("--devices", args.devices, 1, 1000)
    visits = _count("--visits", args.visits, 0, 100_000_000)
    seed = _count("--seed", args.seed, 0, 2**63 - 1)

    def progress(step: Message) -> None:
        print(t("generate_progress", args.lang, what=step.render(args.lang)), file=sys.stderr, flush=True)

    result = generate_homes(Path(args.out), seed=seed, today=_today(args.today),
                            lang=args.lang, progress=progress, households=households,
                            devices=devices, visits=visits)
    print(t("generated", args.lang, office=result.office, households=result.households,
            devices=len(result.devices), visits=result.visits))
    for device in result.devices:
        print(t("generated_device", args.lang, path=device.path, households=device.households,
                visits=device.visits))
    _say_pin(args)
    return 0


def _say_pin(args: argparse.Namespace) -> None:
    from doorstep.demo.messages import t
    from doorstep.demo.secret import DEMO_PIN
    from doorstep.storage.unlock import env_secret

    print(t("demo_pin_env", args.lang) if env_secret() else t("demo_pin", args.lang, pin=DEMO_PIN))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="create and open a demo home / 创建并打开演示主目录",
        description=DEMO_DESCRIPTION)
    # default=SUPPRESS: when not given here, the global `doorstep --home DIR demo` still counts
    # (a sub-parser's default would otherwise overwrite the value the main parser read).
    parser.add_argument("--home", default=argparse.SUPPRESS, metavar="DIR", help=HOME_HELP)
    parser.add_argument("--no-tui", action="store_true",
                        help="create the demo home and print where it is, without opening the app / "
                        "只创建并显示位置，不打开应用")
    parser.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                        help="the date the demo's visits are made around (default: today) / "
                        "演示走访日期所围绕的“今天”（默认：今天）")
    parser.set_defaults(func=run_demo)
    sub = parser.add_subparsers(dest="demo_command", required=False, metavar="generate")
    gen = sub.add_parser(
        "generate", help="write an office and enrolled device homes with generated data / "
        "生成办公室和已登记的设备主目录及数据",
        description=GENERATE_DESCRIPTION)
    gen.add_argument("--out", required=True, metavar="DIR",
                     help="a new or empty folder for office/ and device-N/ / 新的或空的输出文件夹")
    gen.add_argument("--households", required=True, metavar="N",
                     help="households on the office register / 办公室登记户数")
    gen.add_argument("--devices", required=True, metavar="K", help="device homes / 设备数量")
    gen.add_argument("--visits", required=True, metavar="M",
                     help="finalized visits in all, spread over the devices / 已定稿走访总数")
    gen.add_argument("--seed", default="1", metavar="S",
                     help="random seed: the same seed gives the same data (default 1) / 随机种子")
    gen.add_argument("--today", metavar="YYYY-MM-DD", default=argparse.SUPPRESS,
                     help="visits fall in the year before this date (default: today) / "
                     "走访日期在此日期之前的一年内（默认：今天）")
    gen.set_defaults(func=run_generate)
