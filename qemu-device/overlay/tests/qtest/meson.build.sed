s/^qtests_mipsel = qtests_mips$/qtests_mipsel = qtests_mips + ingenic_qtests/
/^qtests_mips = \\$/i\
# ingenic-lab: the qtests of our JZ4770 models (only those present in the tree)\
ingenic_qtests = []\
foreach t : ['ingenic-intc-test', 'ingenic-tcu-test', 'ingenic-cgu-test', 'ingenic-rtc-test',\
             'ingenic-gpio-test', 'ingenic-lcdc-test', 'ingenic-ipu-test', 'ingenic-jz4770-test']\
  if fs.exists(t + '.c')\
    ingenic_qtests += [t]\
  endif\
endforeach\

/^qtests_mips = \\$/i\
# ingenic-lab: the arm64 board of the KASAN lane (its test parses the DT with libfdt)\
ingenic_arm64_qtests = fs.exists('ingenic-arm64-test.c') and fdt.found() ? ['ingenic-arm64-test'] : []\

s/^qtests_aarch64 = \\$/qtests_aarch64 = ingenic_arm64_qtests + \\/
/^qtest_executables = {}$/i\
# ingenic-lab: ingenic-arm64-test links libfdt\
if fdt.found()\
  qtests += {'ingenic-arm64-test': [fdt]}\
endif\

