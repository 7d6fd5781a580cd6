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

